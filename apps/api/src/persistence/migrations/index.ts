/**
 * Versioned migrations, one list per dialect (SQLite and PostgreSQL differ in DDL). Each is a
 * committed TypeScript migration class; they run at boot and by `cli migrate`, in order, each
 * in its own transaction. Never edit a released migration: add a new one to both lists.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000001_initial as PostgresInitial } from './postgres/Migration20261128000001_initial.js';
import { Migration20261128000002_login_failures as PostgresLoginFailures } from './postgres/Migration20261128000002_login_failures.js';
import { Migration20261201000010_webhooks as PostgresWebhooks } from './postgres/Migration20261201000010_webhooks.js';
import { Migration20261201000200_template_parameters as PostgresTemplateParameters } from './postgres/Migration20261201000200_template_parameters.js';
import { Migration20261128000001_initial as SqliteInitial } from './sqlite/Migration20261128000001_initial.js';
import { Migration20261128000002_login_failures as SqliteLoginFailures } from './sqlite/Migration20261128000002_login_failures.js';
import { Migration20261201000010_webhooks as SqliteWebhooks } from './sqlite/Migration20261201000010_webhooks.js';
import { Migration20261201000100_outbound as PostgresOutbound } from './postgres/Migration20261201000100_outbound.js';
import { Migration20261201000100_outbound as SqliteOutbound } from './sqlite/Migration20261201000100_outbound.js';
import { Migration20261201000200_template_parameters as SqliteTemplateParameters } from './sqlite/Migration20261201000200_template_parameters.js';
import { Migration20261201003000_webhook_delivery_indexes as PostgresWebhookDeliveryIndexes } from './postgres/Migration20261201003000_webhook_delivery_indexes.js';
import { Migration20261201003000_webhook_delivery_indexes as SqliteWebhookDeliveryIndexes } from './sqlite/Migration20261201003000_webhook_delivery_indexes.js';
import { Migration20261201004000_user_administration as PostgresUserAdministration } from './postgres/Migration20261201004000_user_administration.js';
import { Migration20261201004000_user_administration as SqliteUserAdministration } from './sqlite/Migration20261201004000_user_administration.js';
import { Migration20261201007000_api_key_fields as PostgresApiKeyFields } from './postgres/Migration20261201007000_api_key_fields.js';
import { Migration20261201007000_api_key_fields as SqliteApiKeyFields } from './sqlite/Migration20261201007000_api_key_fields.js';
import { Migration20261201008000_audit_folding as PostgresAuditFolding } from './postgres/Migration20261201008000_audit_folding.js';
import { Migration20261201008000_audit_folding as SqliteAuditFolding } from './sqlite/Migration20261201008000_audit_folding.js';
import { Migration20261201010000_webhook_claim_order_index as PostgresWebhookClaimOrderIndex } from './postgres/Migration20261201010000_webhook_claim_order_index.js';
import { Migration20261201010000_webhook_claim_order_index as SqliteWebhookClaimOrderIndex } from './sqlite/Migration20261201010000_webhook_claim_order_index.js';
import { Migration20261201300000_webhook_redeliver_requested as PostgresWebhookRedeliverRequested } from './postgres/Migration20261201300000_webhook_redeliver_requested.js';
import { Migration20261201300000_webhook_redeliver_requested as SqliteWebhookRedeliverRequested } from './sqlite/Migration20261201300000_webhook_redeliver_requested.js';
import { Migration20261201400000_client_credentials_tokens as PostgresClientCredentialsTokens } from './postgres/Migration20261201400000_client_credentials_tokens.js';
import { Migration20261201400000_client_credentials_tokens as SqliteClientCredentialsTokens } from './sqlite/Migration20261201400000_client_credentials_tokens.js';
import { Migration20261202400100_next_retry_at_index as PostgresNextRetryAtIndex } from './postgres/Migration20261202400100_next_retry_at_index.js';
import { Migration20261202400100_next_retry_at_index as SqliteNextRetryAtIndex } from './sqlite/Migration20261202400100_next_retry_at_index.js';

export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261128000001_initial', class: SqliteInitial },
  { name: 'Migration20261128000002_login_failures', class: SqliteLoginFailures },
  { name: 'Migration20261201000010_webhooks', class: SqliteWebhooks },
  { name: 'Migration20261201000100_outbound', class: SqliteOutbound },
  { name: 'Migration20261201000200_template_parameters', class: SqliteTemplateParameters },
  { name: 'Migration20261201003000_webhook_delivery_indexes', class: SqliteWebhookDeliveryIndexes },
  { name: 'Migration20261201004000_user_administration', class: SqliteUserAdministration },
  { name: 'Migration20261201007000_api_key_fields', class: SqliteApiKeyFields },
  { name: 'Migration20261201008000_audit_folding', class: SqliteAuditFolding },
  { name: 'Migration20261201010000_webhook_claim_order_index', class: SqliteWebhookClaimOrderIndex },
  { name: 'Migration20261201300000_webhook_redeliver_requested', class: SqliteWebhookRedeliverRequested },
  { name: 'Migration20261201400000_client_credentials_tokens', class: SqliteClientCredentialsTokens },
  { name: 'Migration20261202400100_next_retry_at_index', class: SqliteNextRetryAtIndex },
];

export const postgresMigrations: MigrationObject[] = [
  { name: 'Migration20261128000001_initial', class: PostgresInitial },
  { name: 'Migration20261128000002_login_failures', class: PostgresLoginFailures },
  { name: 'Migration20261201000010_webhooks', class: PostgresWebhooks },
  { name: 'Migration20261201000100_outbound', class: PostgresOutbound },
  { name: 'Migration20261201000200_template_parameters', class: PostgresTemplateParameters },
  { name: 'Migration20261201003000_webhook_delivery_indexes', class: PostgresWebhookDeliveryIndexes },
  { name: 'Migration20261201004000_user_administration', class: PostgresUserAdministration },
  { name: 'Migration20261201007000_api_key_fields', class: PostgresApiKeyFields },
  { name: 'Migration20261201008000_audit_folding', class: PostgresAuditFolding },
  { name: 'Migration20261201010000_webhook_claim_order_index', class: PostgresWebhookClaimOrderIndex },
  { name: 'Migration20261201300000_webhook_redeliver_requested', class: PostgresWebhookRedeliverRequested },
  { name: 'Migration20261201400000_client_credentials_tokens', class: PostgresClientCredentialsTokens },
  { name: 'Migration20261202400100_next_retry_at_index', class: PostgresNextRetryAtIndex },
];
