import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { ApiError, contract, messageFor } from '../../../api/client';
import { useAction } from '../../../hooks/useAction';
import { usePagedList } from '../../../hooks/usePagedList';
import { mo } from '../moderation-i18n';
import { PagedRows } from './Paged';

type WordAction = 'block' | 'review' | 'allow';

/** The sensitive-word list: add words with an action, remove one; every edit raises the list's version. */
export function WordList() {
  const [version, setVersion] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const list = usePagedList(async (cursor) => {
    const page = await contract.sensitiveWords({ query: { cursor, limit: 200 } });
    setVersion(page.version);
    return page;
  });
  const [text, setText] = useState('');
  const [action, setAction] = useState<WordAction>('block');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refresh = () => {
    setReload(reload + 1);
    void list.load(true);
  };
  const add = useAction(async () => {
    const words = text.split(/[,，、\s]+/).map((word) => word.trim()).filter(Boolean);
    // A disabled H5 button still fires its tap: with nothing typed, nothing is sent and the operator is told.
    if (words.length === 0) {
      setNotice({ kind: 'error', text: mo.wordsRequired });
      return;
    }
    setNotice(null);
    try {
      const answer = await contract.addSensitiveWords({ body: { words, action } });
      setText('');
      setNotice({ kind: 'ok', text: mo.added(answer.added, answer.version) });
      refresh();
    } catch (error) {
      setNotice({ kind: 'error', text: unmatchableWords(error, words) ?? messageFor(error) });
    }
  });
  const remove = useAction(async (id: string) => {
    try {
      await contract.removeSensitiveWord({ params: { id } });
      refresh();
    } catch (error) {
      setNotice({ kind: 'error', text: messageFor(error) });
    }
  });
  return (
    <View data-testid='word-list'>
      <Text className='ops-card__meta'>{mo.wordsHint}</Text>
      <View className='ops-card__actions'>
        <Input className='ops-input ops-input--wide' placeholder={mo.wordsPlaceholder} value={text} onInput={(event) => setText(event.detail.value)} data-testid='word-input' />
        {(['block', 'review', 'allow'] as const).map((name) => (
          <Button key={name} className='ops-button' size='mini' type={action === name ? 'primary' : 'default'} onClick={() => setAction(name)} data-testid={`word-action-${name}`}>
            {mo.wordAction[name]}
          </Button>
        ))}
        <Button className='ops-button' size='mini' type='primary' disabled={add.running} onClick={() => void add.run()} data-testid='word-add'>{mo.add}</Button>
      </View>
      {notice && <Text className={`ops-notice ops-notice--${notice.kind}`} style={{ marginTop: '12px' }} data-testid='word-notice'>{notice.text}</Text>}
      {version !== null && <Text className='ops-card__meta'>{mo.version(version)}</Text>}
      <PagedRows list={list} empty={mo.noWords}>
        {(word) => (
          <View key={word.id} className='ops-card' data-testid='word'>
            <View className='ops-card__head'>
              <Text className='ops-card__title'>{word.word}</Text>
              <View className='ops-card__actions' style={{ marginTop: 0 }}>
                <Text className='ops-badge'>{mo.wordAction[word.action]}</Text>
                <Button className='ops-button' size='mini' disabled={remove.running} onClick={() => void remove.run(word.id)} data-testid='word-remove'>{mo.remove}</Button>
              </View>
            </View>
          </View>
        )}
      </PagedRows>
    </View>
  );
}

/** The words the BFF refused as never matching anything (`words.N` in its answer), named for the operator. */
function unmatchableWords(error: unknown, words: string[]): string | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  const named = error.details.map((problem) => /^words\.(\d+)$/.exec(problem.path)).map((match) => (match ? words[Number(match[1])] : undefined));
  if (named.length === 0 || named.some((word) => word === undefined)) return null;
  return mo.wordsUnmatchable(named.map((word) => `“${word}”`).join(' '));
}
