#!/usr/bin/env node
// The independent verifier of the signing tests: sigstore-js (@sigstore/verify), not our code, checks a Sigstore
// bundle that Modelcar.Sdk wrote. Prints one JSON line and exits 0 when the bundle verifies, 1 when it does not,
// 2 on bad arguments.
//
//   node verify.js --bundle B.json [--artifact manifest.json] --key pub.pem
//   node verify.js --bundle B.json [--artifact manifest.json] --trusted-root trusted_root.json --identity SAN --issuer ISS
//
// --artifact: the bytes a message signature was made over (the image manifest); omitted for a DSSE bundle.
// Keyed bundles carry no Rekor entry and no timestamp, so thresholds are 0 there. Keyless: one Rekor entry (its
// signed entry timestamp dates the signature) and no SCT (the test's fake Fulcio has no CT log).
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const { bundleFromJSON } = require('@sigstore/bundle');
const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.bundle) throw new Error('--bundle is required');
  return args;
}

function emptyRoot() {
  return { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: e.message }));
    process.exit(2);
  }
  try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(args.bundle, 'utf8')));
    const artifact = args.artifact ? fs.readFileSync(args.artifact) : undefined;
    const entity = toSignedEntity(bundle, artifact);
    let verifier;
    let policy;
    if (args.key) {
      const spki = crypto.createPublicKey(fs.readFileSync(args.key, 'utf8')).export({ type: 'spki', format: 'der' });
      const hint = bundle.verificationMaterial.content.$case === 'publicKey'
        ? bundle.verificationMaterial.content.publicKey.hint : '';
      const trust = toTrustMaterial(emptyRoot(), { [hint]: { rawBytes: spki } });
      verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
    } else {
      const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(args['trusted-root'], 'utf8')));
      verifier = new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 1 });
      policy = {};
      // sigstore-js matches the SAN with String.match (a regular expression): the identity is escaped and anchored,
      // so only that exact identity passes.
      if (args.identity) policy.subjectAlternativeName = new RegExp('^' + args.identity.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
      if (args.issuer) policy.extensions = { issuer: args.issuer };
    }
    const signer = verifier.verify(entity, policy);
    const identity = signer.identity || {};
    console.log(JSON.stringify({ ok: true, subjectAlternativeName: identity.subjectAlternativeName,
      issuer: identity.extensions && identity.extensions.issuer }));
    process.exit(0);
  } catch (e) {
    console.log(JSON.stringify({ ok: false, code: e.code || e.name, error: e.message }));
    process.exit(1);
  }
}

main();
