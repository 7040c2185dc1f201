// Web3j's codegen casts decoded arrays without checking, which javac reports as unchecked casts;
// the house compiles with -Werror. This widens the generated class's own
// @SuppressWarnings("rawtypes") to "unchecked" too, so that only generated code is excused:
//   node mark-generated.mjs <File.java>...
import { readFileSync, writeFileSync } from 'node:fs'

const GENERATED = '@SuppressWarnings("rawtypes")\n'
const MARKED = '@SuppressWarnings({"rawtypes", "unchecked"}) // Web3j codegen output\n'
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8')
  if (source.includes(MARKED)) continue
  if (!source.includes(GENERATED)) {
    console.error(`${file}: no ${GENERATED.trim()} to widen; has the codegen changed?`)
    process.exit(1)
  }
  writeFileSync(file, source.replace(GENERATED, MARKED))
}
