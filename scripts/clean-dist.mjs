// Empties a package's dist/ before a build, so a tarball never ships files from an older layout
// (an entry point that moved to a subpath would otherwise linger). Run from the package folder.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
