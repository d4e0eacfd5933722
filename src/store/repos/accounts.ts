import type { Insertable, Selectable, Updateable } from 'kysely';
import { insertRow, runTemplate, updateById } from '../prepared.js';
import { parseJson } from '../codec.js';
import type { AccountsTable } from '../schema.js';
import type { Account, AccountPatch, CustomFields, NewAccount } from '../types.js';
import { copyDefined, type RepoContext } from './context.js';

const TEXT_COLUMNS = {
  name: 'name',
  accountNumber: 'account_number',
  phone: 'phone',
  website: 'website',
  industry: 'industry',
  type: 'type',
  billingStreet: 'billing_street',
  billingCity: 'billing_city',
  billingState: 'billing_state',
  billingPostalCode: 'billing_postal_code',
  billingCountry: 'billing_country',
  description: 'description',
} as const satisfies Partial<Record<keyof AccountPatch, keyof AccountsTable>>;

/** Accounts: the organisations contacts belong to. */
export class AccountsRepository {
  constructor(private readonly ctx: RepoContext) {}

  async findById(id: string): Promise<Account | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'accounts.findById',
      (db, $) => db.selectFrom('accounts').selectAll().where('id', '=', $('id')),
      { id: id },
    );
    return rows[0] ? this.toAccount(rows[0]) : null;
  }

  /** Every account with exactly this number (case-sensitive), oldest first; several is the caller's error. */
  async findByAccountNumber(accountNumber: string): Promise<Account[]> {
    const { rows } = await runTemplate(
      this.ctx,
      'accounts.findByAccountNumber',
      (db, $) =>
        db
          .selectFrom('accounts')
          .selectAll()
          .where('account_number', '=', $('number'))
          .orderBy('created_at')
          .orderBy('id'),
      { number: accountNumber },
    );
    return rows.map((row) => this.toAccount(row));
  }

  async insert(input: NewAccount): Promise<Account> {
    const now = this.ctx.now();
    const account: Account = {
      id: this.ctx.newId('account'),
      name: input.name,
      accountNumber: input.accountNumber ?? null,
      phone: input.phone ?? null,
      website: input.website ?? null,
      industry: input.industry ?? null,
      type: input.type ?? null,
      billingStreet: input.billingStreet ?? null,
      billingCity: input.billingCity ?? null,
      billingState: input.billingState ?? null,
      billingPostalCode: input.billingPostalCode ?? null,
      billingCountry: input.billingCountry ?? null,
      description: input.description ?? null,
      customFields: { ...input.customFields },
      createdAt: now,
      updatedAt: now,
    };
    const ts = this.ctx.codec.ts(now);
    await insertRow(this.ctx, 'accounts', {
      id: account.id,
      name: account.name,
      account_number: account.accountNumber,
      phone: account.phone,
      website: account.website,
      industry: account.industry,
      type: account.type,
      billing_street: account.billingStreet,
      billing_city: account.billingCity,
      billing_state: account.billingState,
      billing_postal_code: account.billingPostalCode,
      billing_country: account.billingCountry,
      description: account.description,
      custom_fields: JSON.stringify(account.customFields),
      created_at: ts,
      updated_at: ts,
    } satisfies Insertable<AccountsTable>);
    return account;
  }

  /** Applies the fields present in `patch`; `customFields` replaces the whole object. Null when absent. */
  async update(id: string, patch: AccountPatch): Promise<Account | null> {
    const values: Updateable<AccountsTable> = { updated_at: this.ctx.codec.ts(this.ctx.now()) };
    copyDefined(patch, TEXT_COLUMNS, values as Record<string, unknown>);
    if (patch.customFields !== undefined) values.custom_fields = JSON.stringify(patch.customFields);
    const row = await updateById(this.ctx, 'accounts', id, values);
    return row ? this.toAccount(row) : null;
  }

  private toAccount(row: Selectable<AccountsTable>): Account {
    const { codec } = this.ctx;
    return {
      id: row.id,
      name: row.name,
      accountNumber: row.account_number,
      phone: row.phone,
      website: row.website,
      industry: row.industry,
      type: row.type,
      billingStreet: row.billing_street,
      billingCity: row.billing_city,
      billingState: row.billing_state,
      billingPostalCode: row.billing_postal_code,
      billingCountry: row.billing_country,
      description: row.description,
      customFields: parseJson<CustomFields>(row.custom_fields, {}),
      createdAt: codec.date(row.created_at),
      updatedAt: codec.date(row.updated_at),
    };
  }
}
