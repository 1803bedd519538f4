import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { npmStartCommand } from '../../bench/setup.js';

const root = new URL('../../', import.meta.url);
const start = npmStartCommand();

describe('the deploy recipes run the BFF as npm start does', () => {
  it('systemd: the same node flags and variables', () => {
    const unit = readFileSync(new URL('deploy/calorie-bank@.service', root), 'utf8');
    const exec = /^ExecStart=\/usr\/bin\/node ((?:--\S+ )*)bff\/dist\/main\.js$/m.exec(unit);
    expect(exec, 'ExecStart runs bff/dist/main.js with node').not.toBeNull();
    expect(exec![1].trim().split(' ')).toEqual(start.flags);
    const environment = Object.fromEntries([...unit.matchAll(/^Environment=(\w+)=(\S*)$/gm)].map((match) => [match[1], match[2]]));
    expect(environment).toMatchObject(start.env);
  });

  it('pm2: the same node flags and variables for every process', () => {
    const recipe = createRequire(import.meta.url)(new URL('deploy/ecosystem.config.cjs', root).pathname) as {
      apps: { script: string; node_args: string; env: Record<string, string> }[];
    };
    expect(recipe.apps.length).toBeGreaterThan(1);
    for (const app of recipe.apps) {
      expect(app.script).toBe('bff/dist/main.js');
      expect(app.node_args.split(' ')).toEqual(start.flags);
      expect(app.env).toMatchObject(start.env);
    }
  });
});
