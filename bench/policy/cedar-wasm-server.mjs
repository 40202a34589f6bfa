// The peer of bench/policy: the same decisions answered by Cedar's official WebAssembly build
// (@cedar-policy/cedar-wasm) behind a minimal Node HTTP server, as a team might build it instead of policy-service.
// Same schema, same default policy set, same delegation rule (the agent and the person must both be permitted),
// Cedar's preparsed (stateful) fast path. What it does not do: token checks, a registry in a database, budgets,
// approvals, rate-limit counts (context.recent is always 0) and a durable audit log.
//
//   node cedar-wasm-server.mjs <port>
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

const port = Number(process.argv[2] || 8093);
const cedarDir = fileURLToPath(new URL('../../policy-service/src/main/resources/cedar/', import.meta.url));
const schema = readFileSync(cedarDir + 'goodhart.cedarschema', 'utf8');
const policyText = readFileSync(cedarDir + 'default-policies.cedar', 'utf8');

const parts = cedar.policySetTextToParts(policyText);
if (parts.type !== 'success') throw new Error(JSON.stringify(parts.errors));
const staticPolicies = {};
const approvalRequired = new Set();
for (const text of parts.policies) {
  const id = /@id\("([^"]+)"\)/.exec(text)[1];
  staticPolicies[id] = text;
  if (/@approval\("required"\)/.test(text)) approvalRequired.add(id);
}
for (const answer of [cedar.preparseSchema('goodhart', schema), cedar.preparsePolicySet('active', { staticPolicies })]) {
  if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
}

// The registry, in memory: the benchmark registers demo-agent the same way in policy-service.
const agents = { 'demo-agent': { owner: 'alice@example.com', riskTier: 'low' } };

const user = (email) => ({
  uid: { type: 'User', id: email },
  attrs: { email, domain: email.slice(email.indexOf('@') + 1), owner: { __entity: { type: 'User', id: email } } },
  parents: [],
});

function decide(agentId, request) {
  const agent = agents[agentId];
  const person = request.onBehalfOf.trim().toLowerCase();
  const entities = [user(person)];
  const agentAttrs = { registered: !!agent, riskTier: agent ? agent.riskTier : 'high' };
  if (agent) {
    agentAttrs.owner = { __entity: { type: 'User', id: agent.owner } };
    if (agent.owner !== person) entities.push(user(agent.owner));
  }
  entities.push({ uid: { type: 'Agent', id: agentId }, attrs: agentAttrs, parents: [] });
  const attrs = { ...(request.resource.attributes || {}) };
  if (typeof attrs.owner === 'string') {
    const owner = attrs.owner.trim().toLowerCase();
    attrs.owner = { __entity: { type: 'User', id: owner } };
    if (!entities.some((e) => e.uid.type === 'User' && e.uid.id === owner)) entities.push(user(owner));
  }
  entities.push({ uid: { type: request.resource.type, id: request.resource.id }, attrs, parents: [] });
  const context = { ...(request.context || {}), recent: { lastHour: 0, today: 0 } };
  const call = (principal) => cedar.statefulIsAuthorized({
    principal, action: { type: 'Action', id: request.action }, resource: { type: request.resource.type, id: request.resource.id },
    context, preparsedSchemaName: 'goodhart', validateRequest: true, preparsedPolicySetId: 'active', entities,
  });
  const policies = [];
  for (const principal of [{ type: 'Agent', id: agentId }, { type: 'User', id: person }]) {
    const answer = call(principal);
    if (answer.type !== 'success' || answer.response.diagnostics.errors.length > 0) {
      return { decision: 'deny', basis: 'evaluation_error', policies: [], reasons: [JSON.stringify(answer.errors || answer.response.diagnostics.errors)] };
    }
    const { decision, diagnostics } = answer.response;
    if (decision !== 'allow') {
      return { decision: 'deny', basis: diagnostics.reason.length ? 'forbid' : 'default_deny', policies: diagnostics.reason, reasons: [] };
    }
    for (const id of diagnostics.reason) if (!policies.includes(id)) policies.push(id);
  }
  const approval = policies.some((id) => approvalRequired.has(id));
  return { decision: approval ? 'approval_required' : 'allow', basis: approval ? 'approval_policy' : 'permit', policies, reasons: [] };
}

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const answer = decide(req.headers['x-agent'] || 'demo-agent', JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (e) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: String(e) }));
    }
  });
}).listen(port, '127.0.0.1');
