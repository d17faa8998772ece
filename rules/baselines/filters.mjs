// The JavaScript filters under test, each in the configuration its own README recommends for English.
// Each entry: make() -> (text) => boolean ("contains profanity").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { profanity } from '@2toad/profanity';
import { Filter } from 'glin-profanity';

const require = createRequire(import.meta.url);

function installed(pkg) {
  // package.json is not always in "exports", so find it next to the resolved entry point.
  let dir = require.resolve(pkg).replace(/\\/g, '/');
  const marker = `/node_modules/${pkg}/`;
  dir = dir.slice(0, dir.indexOf(marker) + marker.length);
  const p = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
  return { version: p.version, license: p.license };
}

export const FILTERS = [
  {
    name: 'obscenity',
    pkg: 'obscenity',
    config: 'new RegExpMatcher({...englishDataset.build(), ...englishRecommendedTransformers}).hasMatch(text)',
    make() {
      const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
      return (text) => matcher.hasMatch(text);
    },
  },
  {
    name: '@2toad/profanity',
    pkg: '@2toad/profanity',
    config: "default instance `profanity.exists(text)` (languages ['en'], wholeWord true)",
    make() {
      return (text) => profanity.exists(text);
    },
  },
  {
    name: 'glin-profanity',
    pkg: 'glin-profanity',
    config:
      "new Filter({languages: ['english'], detectLeetspeak: true, leetspeakLevel: 'moderate', normalizeUnicode: true})" +
      '.checkProfanity(text).containsProfanity',
    make() {
      const filter = new Filter({
        languages: ['english'],
        detectLeetspeak: true,
        leetspeakLevel: 'moderate',
        normalizeUnicode: true,
      });
      return (text) => filter.checkProfanity(text).containsProfanity;
    },
  },
].map((f) => ({ ...f, ...installed(f.pkg) }));
