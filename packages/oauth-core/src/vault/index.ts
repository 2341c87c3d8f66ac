export { TokenVault, type TokenVaultOptions, type VaultAad } from './token-vault.js';
export { generateMasterKey, parseMasterKey, vaultKeyFingerprint, VAULT_KEY_BYTES, type VaultKey } from './master-key.js';
export { readEnvelopeKeyId } from './envelope.js';
export { randomSlices } from './random-slices.js';
