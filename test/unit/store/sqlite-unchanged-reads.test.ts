/**
 * Reads kept while a SQLite database is unchanged (`readUnlessChanged`): on a read-only
 * connection, as a reader thread has, until another connection commits, in step with the
 * snapshots of its read transactions; on a connection that writes, never; frozen either way.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readMeta, readUnlessChanged, writeMeta } from '../../../demo/server/store/sqlite/database.js';
import { withWriterAndReader } from '../../support/sqlite-pair.js';

describe('reads kept while the database is unchanged', () => {
  test('a read-only connection keeps what it read until another connection commits; a writing one reads each time', () => {
    withWriterAndReader('ld-unchanged-', (writer, reader) => {
      let reads = 0;
      const read = (db: typeof writer, key = 'k') => readUnlessChanged(db, key, () => ({ reads: (reads += 1) }));
      const first = read(reader);
      assert.equal(read(reader), first, 'kept');
      assert.equal(reads, 1);
      assert.ok(Object.isFrozen(first));
      assert.equal(read(reader, 'other').reads, 2, 'kept by key');
      writeMeta(writer, 'touched', 'yes');
      assert.equal(read(reader).reads, 3, 'read again once another connection committed');
      assert.equal(read(reader).reads, 3);
      assert.equal(read(writer).reads, 4);
      assert.equal(read(writer).reads, 5, 'never kept on a connection that writes');
      assert.ok(Object.isFrozen(read(writer)));
    });
  });

  test("in a reader's read transaction, what it keeps follows the transaction's snapshot, and the next transaction sees what was committed since", () => {
    withWriterAndReader('ld-unchanged-', (writer, reader) => {
      const value = () => readUnlessChanged(reader, 'value', () => [readMeta(reader, 'value')])[0];
      writeMeta(writer, 'value', 'one');
      assert.equal(value(), 'one');
      writeMeta(writer, 'value', 'two');
      reader.transaction(() => {
        assert.equal(value(), 'two', 'the transaction reads what was committed before it');
        writeMeta(writer, 'value', 'three');
        assert.equal(value(), 'two', 'and keeps to its snapshot');
      })();
      assert.equal(value(), 'three', 'the next one reads what was committed since');
      reader.transaction(() => assert.equal(value(), 'three'))();
    });
  });
});
