import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('WeChat configuration', () => {
  it('has no WeChat unless a puppet is named, and reads the puppet service settings when one is', () => {
    expect(loadConfig({}).wechat).toBeNull();
    expect(loadConfig({ WECHATY_PUPPET: '' }).wechat).toBeNull();
    expect(loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-mock' }).wechat).toEqual({ puppet: 'wechaty-puppet-mock', token: undefined, endpoint: undefined, autoAcceptFriends: false });
    expect(
      loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_0123', WECHATY_PUPPET_SERVICE_ENDPOINT: '10.0.0.5:8788', WECHATY_AUTO_ACCEPT_FRIENDS: 'true' }).wechat,
    ).toEqual({ puppet: 'wechaty-puppet-service', token: 'puppet_padlocal_0123', endpoint: '10.0.0.5:8788', autoAcceptFriends: true });
  });

  it('refuses a name that is not a puppet package, and a puppet service without its token', () => {
    expect(() => loadConfig({ WECHATY_PUPPET: 'padlocal' })).toThrow(/WECHATY_PUPPET must name a puppet package/);
    expect(() => loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toThrow(/WECHATY_PUPPET_SERVICE_TOKEN: required/);
    expect(() => loadConfig({ WECHATY_PUPPET: 'wechaty-puppet-mock', WECHATY_AUTO_ACCEPT_FRIENDS: 'yes' })).toThrow(/WECHATY_AUTO_ACCEPT_FRIENDS/);
  });

});
