import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { insertRow, runTemplate, updateById } from '../prepared.js';
import { parseJson } from '../codec.js';
import type { ContactsTable } from '../schema.js';
import type { Contact, ContactPatch, CustomFields, NewContact } from '../types.js';
import { copyDefined, type RepoContext } from './context.js';

const TEXT_COLUMNS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  mobilePhone: 'mobile_phone',
  title: 'title',
  department: 'department',
  mailingStreet: 'mailing_street',
  mailingCity: 'mailing_city',
  mailingState: 'mailing_state',
  mailingPostalCode: 'mailing_postal_code',
  mailingCountry: 'mailing_country',
  accountId: 'account_id',
} as const satisfies Partial<Record<keyof ContactPatch, keyof ContactsTable>>;

/** Contacts: people known to the org, possibly before they ever sign in. */
export class ContactsRepository {
  constructor(private readonly ctx: RepoContext) {}

  async findById(id: string): Promise<Contact | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'contacts.findById',
      (db, $) => db.selectFrom('contacts').selectAll().where('id', '=', $('id')),
      { id: id },
    );
    return rows[0] ? this.toContact(rows[0]) : null;
  }

  /**
   * Every contact with this email, compared case-insensitively (SQL `lower()`, which folds
   * ASCII only in SQLite), oldest first.
   */
  async findByEmail(email: string): Promise<Contact[]> {
    const { rows } = await runTemplate(
      this.ctx,
      'contacts.findByEmail',
      (db, $) =>
        db
          .selectFrom('contacts')
          .selectAll()
          .where(sql`lower(email)`, '=', sql`lower(${$('email')})`)
          .orderBy('created_at')
          .orderBy('id'),
      { email },
    );
    return rows.map((row) => this.toContact(row));
  }

  async insert(input: NewContact): Promise<Contact> {
    const now = this.ctx.now();
    const contact: Contact = {
      id: this.ctx.newId('contact'),
      email: input.email ?? null,
      firstName: input.firstName ?? null,
      lastName: input.lastName,
      phone: input.phone ?? null,
      mobilePhone: input.mobilePhone ?? null,
      title: input.title ?? null,
      department: input.department ?? null,
      mailingStreet: input.mailingStreet ?? null,
      mailingCity: input.mailingCity ?? null,
      mailingState: input.mailingState ?? null,
      mailingPostalCode: input.mailingPostalCode ?? null,
      mailingCountry: input.mailingCountry ?? null,
      accountId: input.accountId ?? null,
      customFields: { ...input.customFields },
      createdAt: now,
      updatedAt: now,
    };
    const ts = this.ctx.codec.ts(now);
    await insertRow(this.ctx, 'contacts', {
      id: contact.id,
      email: contact.email,
      first_name: contact.firstName,
      last_name: contact.lastName,
      phone: contact.phone,
      mobile_phone: contact.mobilePhone,
      title: contact.title,
      department: contact.department,
      mailing_street: contact.mailingStreet,
      mailing_city: contact.mailingCity,
      mailing_state: contact.mailingState,
      mailing_postal_code: contact.mailingPostalCode,
      mailing_country: contact.mailingCountry,
      account_id: contact.accountId,
      custom_fields: JSON.stringify(contact.customFields),
      created_at: ts,
      updated_at: ts,
    } satisfies Insertable<ContactsTable>);
    return contact;
  }

  /** Applies the fields present in `patch`; `customFields` replaces the whole object. Null when absent. */
  async update(id: string, patch: ContactPatch): Promise<Contact | null> {
    const values: Updateable<ContactsTable> = { updated_at: this.ctx.codec.ts(this.ctx.now()) };
    copyDefined(patch, TEXT_COLUMNS, values as Record<string, unknown>);
    if (patch.customFields !== undefined) values.custom_fields = JSON.stringify(patch.customFields);
    const row = await updateById(this.ctx, 'contacts', id, values);
    return row ? this.toContact(row) : null;
  }

  private toContact(row: Selectable<ContactsTable>): Contact {
    const { codec } = this.ctx;
    return {
      id: row.id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      phone: row.phone,
      mobilePhone: row.mobile_phone,
      title: row.title,
      department: row.department,
      mailingStreet: row.mailing_street,
      mailingCity: row.mailing_city,
      mailingState: row.mailing_state,
      mailingPostalCode: row.mailing_postal_code,
      mailingCountry: row.mailing_country,
      accountId: row.account_id,
      customFields: parseJson<CustomFields>(row.custom_fields, {}),
      createdAt: codec.date(row.created_at),
      updatedAt: codec.date(row.updated_at),
    };
  }
}
