import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems, fixtureFiles } from '../helpers/config.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadYamlFile } from '../../src/config-files/yaml.js';

const file = fixtureFiles('yaml');
const schema = z.object({ units: z.array(z.object({ id: z.string().min(1), hours: z.number().int().min(0).max(24) })) });

const problems = configProblems;

describe('operator configuration files', () => {
  it('loads a valid file and points at any value', () => {
    const loaded = loadYamlFile(file('ok.yaml', 'units:\n  - id: a\n    hours: 8\n  - id: b\n    hours: 24\n'), schema);
    expect(loaded.value.units.map((u) => u.id)).toEqual(['a', 'b']);
    expect(loaded.where(['units', 1, 'hours'])).toMatch(/ok\.yaml:5$/);
  });

  it('names the file and line of every invalid value, all at once', () => {
    const p = problems(() => loadYamlFile(file('bad.yaml', 'units:\n  - id: a\n    hours: 30\n  - id: ""\n    hours: 2\n'), schema));
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/bad\.yaml:3: units\.0\.hours: /);
    expect(p[1]).toMatch(/bad\.yaml:4: units\.1\.id: /);
  });

  it('reports broken YAML, duplicate keys and a missing file with their place', () => {
    expect(problems(() => loadYamlFile(file('broken.yaml', 'units:\n  - id: a\n   hours: [\n'), schema))[0]).toMatch(/broken\.yaml:\d+: /);
    expect(problems(() => loadYamlFile(file('dup.yaml', 'units: []\nunits: []\n'), schema))[0]).toMatch(/dup\.yaml:2: /);
    expect(problems(() => loadYamlFile(join(tmpdir(), 'huiyin-no-such-dir', 'nope.yaml'), schema))[0]).toMatch(/nope\.yaml: cannot read/);
  });
});
