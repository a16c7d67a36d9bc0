import type { Config } from '../config.js';
import type { CheckResult } from './result.js';

/**
 * The puppet package named by WECHATY_PUPPET is installed (resolves from Huiyin's own
 * node_modules). A missing service token never gets here: loadConfig already refuses
 * wechaty-puppet-service without WECHATY_PUPPET_SERVICE_TOKEN, which doctor prints as its env line.
 */
export function checkWechat(wechat: Config['wechat']): CheckResult {
  const name = 'wechat';
  if (!wechat) return { status: 'skip', name, message: 'WECHATY_PUPPET not set' };
  try {
    import.meta.resolve(wechat.puppet);
  } catch {
    return { status: 'fail', name, message: `WECHATY_PUPPET=${wechat.puppet} is not installed: npm install ${wechat.puppet}, or fix the name` };
  }
  const reach = wechat.token ? `token set${wechat.endpoint ? `, endpoint ${wechat.endpoint}` : ''}` : 'no token';
  return { status: 'ok', name, message: `${wechat.puppet} installed, ${reach}` };
}
