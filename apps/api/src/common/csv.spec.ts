import { describe, expect, it } from '@jest/globals';
import { csvCell } from './csv.js';

describe(csvCell.name, () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['＝1+1', "'＝1+1"],
    ['＋33 470', "'＋33 470"],
    ['－2', "'－2"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['﹦1+1', "'﹦1+1"],
    ['−1', "'−1"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['  =1', "'  =1"],
    ['+32 470', "'+32 470"],
    ['@home', "'@home"],
  ])('keeps %j as text', (given, written) => {
    expect(csvCell(given)).toBe(written);
  });

  it.each([
    ['Amina', 'Amina'],
    ['a = b', 'a = b'],
    ['Salle 1; étage 2', '"Salle 1; étage 2"'],
    [' padded ', '" padded "'],
  ])('leaves ordinary text %j alone (quoted only where CSV needs it)', (given, written) => {
    expect(csvCell(given)).toBe(written);
  });

  it('writes numbers and empty cells as they are', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
