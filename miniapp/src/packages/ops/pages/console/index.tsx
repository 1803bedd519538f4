import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { onStaffSignOut, staffRole, staffSignOut } from '../../../../api/client';
import { StaffLogin } from '../../../../components/StaffLogin';
import { o, type Section } from '../../i18n';
import { Audit } from '../../sections/Audit';
import { Campaigns } from '../../sections/Campaigns';
import { Events } from '../../sections/Events';
import { Flagged } from '../../sections/Flagged';
import { Moderation } from '../../sections/Moderation';
import { Overview } from '../../sections/Overview';
import { Review } from '../../sections/Review';
import { Users } from '../../sections/Users';
import { Venues } from '../../sections/Venues';
import { ContentSection } from '../../sections/Content';
import { CollectiblesSection } from '../../sections/Collectibles';
import { withPageBar } from '../../../../components/PageBar';
import '../../ops.css';

const SECTIONS = Object.keys(o.sections) as Section[];

/**
 * The operators' console: the day in figures and settlement, campaigns, the offer review queue,
 * users (search, freeze, adjust), flagged syncs and the audit log. Laid out for a desktop browser
 * through the H5 build, and still usable on a phone.
 */
function OpsConsole() {
  const [signedIn, setSignedIn] = useState(staffRole() === 'operator');
  const [section, setSection] = useState<Section>('overview');
  useEffect(() => onStaffSignOut(() => setSignedIn(false)), []);

  if (!signedIn) return <StaffLogin role='operator' title={o.login} onSignedIn={() => setSignedIn(true)} />;
  return (
    <View className='ops'>
      <View className='ops__top'>
        <Text className='ops__title'>{o.title}</Text>
        <Text className='ops__link' onClick={staffSignOut} data-testid='ops-sign-out'>{o.signOut}</Text>
      </View>
      <View className='ops__tabs'>
        {SECTIONS.map((name) => (
          <Text key={name} className={`ops__tab${name === section ? ' ops__tab--on' : ''}`} onClick={() => setSection(name)} data-testid={`ops-tab-${name}`}>
            {o.sections[name]}
          </Text>
        ))}
      </View>
      <View className='ops__body'>
        {section === 'overview' && <Overview />}
        {section === 'campaigns' && <Campaigns />}
        {section === 'events' && <Events />}
        {section === 'review' && <Review />}
        {section === 'venues' && <Venues />}
        {section === 'users' && <Users />}
        {section === 'flagged' && <Flagged />}
        {section === 'moderation' && <Moderation />}
        {section === 'audit' && <Audit />}
        {section === 'content' && <ContentSection />}
        {section === 'collectibles' && <CollectiblesSection />}
      </View>
    </View>
  );
}

export default withPageBar(OpsConsole);
