import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runDoctor } from '../../src/doctor/run.js';
import { checkWechat } from '../../src/doctor/wechat.js';

describe('doctor: wechat', () => {
  it('skips without a puppet', () => {
    expect(checkWechat(loadConfig({}).wechat)).toMatchObject({ status: 'skip', message: 'WECHATY_PUPPET not set' });
  });

  it('is ok with an installed puppet', () => {
    expect(checkWechat(loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-mock' }).wechat)).toEqual({ status: 'ok', name: 'wechat', message: 'wechaty-puppet-mock installed, no token' });
  });

  it('says the service token and endpoint are set', () => {
    const wechat = loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_xp_123', WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:8788' }).wechat;
    expect(checkWechat(wechat)).toMatchObject({ status: 'ok', message: 'wechaty-puppet-service installed, token set, endpoint 127.0.0.1:8788' });
  });

  it('fails on a puppet that is not installed, with the npm install to run', () => {
    const r = checkWechat(loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-padlocal' }).wechat);
    expect(r).toEqual({ status: 'fail', name: 'wechat', message: 'WECHATY_PUPPET=wechaty-puppet-padlocal is not installed: npm install wechaty-puppet-padlocal, or fix the name' });
  });

  it('fails on wechaty-puppet-service without its token, as the env line, and checks nothing else', async () => {
    const results = await runDoctor({ WECHATY_PUPPET: 'wechaty-puppet-service' }, new Date());
    expect(results).toEqual([{ status: 'fail', name: 'env', message: 'WECHATY_PUPPET_SERVICE_TOKEN: required when WECHATY_PUPPET is wechaty-puppet-service: fix them in .env or the environment' }]);
  });
});
