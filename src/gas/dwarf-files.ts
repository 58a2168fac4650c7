// The `.debug_line` directory and file tables as GNU as 2.40 fills them: slots given by
// `.file N ["dir"] "name" [md5 …]` (slot 0 in DWARF 5 names the primary source and its
// directory 0 the working directory), or, for `-g` on assembly, one slot per source file in
// the order its first line entry is met.

export interface FileEntry {
  /** The name as stored in the table (the basename when the directory went to the directory table). */
  readonly name: string;
  readonly dir: number;
  /** The path as the directive spelled it, for origins. */
  readonly path: string;
  readonly md5?: Uint8Array;
}

function basenameIndex(path: string): number {
  const i = path.lastIndexOf('/') + 1;
  return i === 1 ? 0 : i;
}

export class FileTable {
  readonly dirs: Array<string | undefined> = [];
  readonly files: Array<FileEntry | undefined> = [];

  constructor(
    /** The DWARF version in force (directory 0 rules differ from 5 on). */
    private readonly level: () => number,
    /** The working directory: directory 0 unless `.file 0` names another. */
    readonly compDir: string,
  ) {}

  /** get_directory_table_entry: the index of DIR (its first `len` characters), adding it if new. */
  private dirEntry(dir: string, file0Dir: string | undefined, len: number, canUseZero: boolean): number {
    if (len === 0) return 0;
    if (dir[len - 1] === '/' && --len === 0) return 0;
    const wanted = dir.slice(0, len);
    const found = this.dirs.indexOf(wanted);
    if (found >= 0) return found;
    let d = this.dirs.length;
    if (canUseZero) {
      if (this.dirs[0] === undefined) {
        const pwd = file0Dir ?? this.compDir;
        if (this.level() >= 5 && dir !== pwd) {
          this.dirEntry(pwd, pwd, pwd.length, true);
          d = this.dirs.length;
        } else d = 0;
      }
    } else if (d === 0) d = 1;
    while (this.dirs.length < d) this.dirs.push(undefined);
    this.dirs[d] = wanted;
    return d;
  }

  private assign(slot: number, entry: FileEntry): void {
    while (this.files.length < slot) this.files.push(undefined);
    this.files[slot] = entry;
  }

  /** `.file N …`; returns an error message or undefined. */
  fileDirective(slot: number, dirname: string | undefined, filename: string, md5: Uint8Array | undefined): string | undefined {
    const old = this.files[slot];
    if (old) return this.recheck(slot, old, dirname, filename, md5);
    const path = dirname !== undefined && !filename.startsWith('/') ? `${dirname}/${filename}` : filename;
    let dir = dirname;
    let file0Dir: string | undefined;
    let len: number;
    let name: string;
    const base = basenameIndex(filename);
    if (slot === 0) {
      file0Dir = dirname;
      name = filename.slice(base);
      if (dirname !== undefined && base === 0) len = dirname.length;
      else {
        dir = filename;
        len = base;
      }
    } else if (dirname === undefined) {
      dir = filename;
      name = filename.slice(base);
      len = base;
    } else {
      len = dirname.length;
      name = filename;
    }
    const d = this.dirEntry(dir as string, file0Dir, len, slot === 0);
    this.assign(slot, { name, dir: d, path, ...(md5 ? { md5 } : {}) });
    return undefined;
  }

  /** A slot given twice must name the same file (gas fills in a directory the first time lacked). */
  private recheck(slot: number, old: FileEntry, dirname: string | undefined, filename: string, md5: Uint8Array | undefined): string | undefined {
    const dir = this.dirs[old.dir];
    const sameMd5 = !md5 || (old.md5 !== undefined && old.md5.every((b, i) => b === md5[i]));
    let ok = false;
    if (!sameMd5) ok = false;
    else if (dirname !== undefined) {
      ok = (dir === undefined || dir === dirname) && filename === old.name;
      if (ok && dir === undefined) this.setDir(old.dir, dirname);
    } else if (dir !== undefined) {
      ok = filename.startsWith(dir) && filename[dir.length] === '/' && filename.slice(dir.length + 1) === old.name;
    } else {
      const base = basenameIndex(filename);
      ok = filename.slice(base) === old.name;
      if (ok && base > 0) this.setDir(old.dir, filename.slice(0, base));
    }
    if (ok) return undefined;
    const shown = (d: string | undefined, f: string) => `${d === undefined ? '' : `${d}/`}${f}`;
    return `file table slot ${slot} is already occupied by a different file (${shown(dir, old.name)} vs ${shown(dirname, filename)})`;
  }

  private setDir(index: number, dir: string): void {
    while (this.dirs.length <= index) this.dirs.push(undefined);
    this.dirs[index] = dir;
  }

  /** allocate_filenum: the slot (1 on) for a source file named in line markers, under `-g`. */
  allocate(pathname: string): number {
    const base = basenameIndex(pathname);
    const name = pathname.slice(base);
    const dir = this.dirEntry(pathname, undefined, base, false);
    for (let i = 1; i < this.files.length; i++) {
      const f = this.files[i];
      if (f && f.dir === dir && f.name === name) return i;
    }
    const slot = Math.max(1, this.files.length);
    this.assign(slot, { name, dir, path: pathname });
    return slot;
  }

  /** The path of a slot for origins: the name as the directive spelled it. */
  path(slot: number): string {
    return this.files[slot]?.path ?? '';
  }
}
