/**
 * age encryption of archives (age-encryption.org/v1): X25519 keys in age-keygen's file format,
 * recipients as {@code age -r} and {@code age -R} take them, and streams that write and read
 * standard age files, so that {@code age -d -i KEYFILE} always recovers what vpo encrypted and vpo
 * reads what the {@code age} tool encrypted. The cryptography is the jagged library's; this package
 * adds the file rules, the checks and the errors a user sees.
 */
package vpo.crypto;
