import { loadConfig } from '../../../src/config/load';
import { describeKey, parseKeyGrants } from '../../../src/cli/commands/key-grants';
import { TENANT_SCOPES } from '../../../src/core/scopes';
import { TEST_KEY } from '../intake/fakes';

const config = loadConfig({ env: {} });
const tenant = config.tenants[0];

describe('pasarela keys create grant options', () => {
  it('grants every scope there is, all offices and units, default limits without options', () => {
    expect(parseKeyGrants({}, tenant, config)).toEqual({
      grants: { scopes: [...TENANT_SCOPES], offices: null, units: null, rateLimit: null, maxBodyBytes: null }, problems: [],
    });
  });

  it('reads scopes, offices, units, a rate with burst and a size', () => {
    const { grants } = parseKeyGrants(
      { scopes: 'registry:write, messages:read', offices: tenant.offices[0], units: tenant.units![0], rate: '5/12', maxBodyBytes: '4096' }, tenant, config,
    );
    expect(grants).toEqual({
      scopes: ['registry:write', 'messages:read'], offices: [tenant.offices[0]], units: [tenant.units![0]], rateLimit: { perSecond: 5, burst: 12 }, maxBodyBytes: 4096,
    });
    expect(parseKeyGrants({ rate: '2.5' }, tenant, config).grants?.rateLimit).toEqual({ perSecond: 2.5, burst: 5 });
  });

  it("refuses unknown scopes, other tenants' offices and units, bad rates and sizes, saying each", () => {
    const { grants, problems } = parseKeyGrants(
      { scopes: 'registry:write,admin', offices: 'O00007001', units: 'E99999999', rate: 'fast', maxBodyBytes: String(config.http.bodyLimitBytes + 1) }, tenant, config,
    );
    expect(grants).toBeUndefined();
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/admin[\s\S]*O00007001[\s\S]*E99999999[\s\S]*--rate[\s\S]*--max-body-bytes/);
  });

  it('refuses empty lists, which would bind a key to nothing', () => {
    for (const opts of [{ scopes: '' }, { offices: ' , ' }, { units: '' }]) expect(parseKeyGrants(opts, tenant, config).grants).toBeUndefined();
  });

  it('lists a key with its grants and never its secret', () => {
    const line = describeKey({ ...TEST_KEY, scopes: ['inbox:read'], offices: ['O00009001'], rateLimit: { perSecond: 5, burst: 10 } });
    expect(line).toContain('scopes inbox:read');
    expect(line).toContain('offices O00009001');
    expect(line).toContain('rate 5/s burst 10');
    expect(line).toContain('psk_abcdef…');
  });
});
