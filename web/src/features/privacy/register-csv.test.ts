import type { ProcessingRegister } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { csvCell, registerToCsv } from './register-csv';

const headers = {
  id: 'id',
  name: 'Nom',
  purpose: 'Finalité',
  legalBasis: 'Base',
  dataCategories: 'Catégories',
  dataSubjects: 'Personnes',
  recipients: 'Destinataires',
  retention: 'Conservation',
  transfers: 'Transferts',
  security: 'Sécurité',
};
const t = (fr: string, nl: string) => ({ fr, nl });

describe('register CSV', () => {
  it('neutralises formula injection and quotes separators', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+32')).toBe(`'+32`);
    expect(csvCell('-1')).toBe(`'-1`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes one row per activity in the chosen language, lists joined', () => {
    const register: ProcessingRegister = {
      controller: { name: 'SOINS+', address: 'BE', email: 'privacy@soins.plus', dpoEmail: 'dpo@soins.plus' },
      updatedAt: '2026-05-01',
      activities: [
        {
          id: 'accounts',
          name: t('Comptes', 'Accounts'),
          purpose: t('Créer le compte', 'Account aanmaken'),
          legalBases: ['contract'],
          legalBasisDetail: t('Contrat', 'Overeenkomst'),
          dataCategories: [t('Nom', 'Naam'), t('E-mail', 'E-mail')],
          dataSubjects: [t('Apprenants', 'Cursisten')],
          recipients: [],
          retention: t('Durée du compte', 'Zolang het account bestaat'),
          transfers: [],
          securityMeasures: [t('TLS', 'TLS')],
        },
      ],
    };
    const nl = registerToCsv(register, 'nl', headers);
    expect(nl.startsWith('\uFEFFid,Nom,')).toBe(true);
    const [, row] = nl.trim().split('\r\n');
    expect(row).toBe(
      'accounts,Accounts,Account aanmaken,Overeenkomst,Naam | E-mail,Cursisten,,Zolang het account bestaat,,TLS',
    );
  });
});
