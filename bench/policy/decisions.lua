-- wrk script for bench/policy: POST /v1/decisions, cycling through a mix of requests that the default policy set
-- answers allow (staging deploy, reading one's own mail, internal mail, an internal channel), approval_required
-- (prod deploy) and deny (merging a pull request). The token comes from the environment (BENCH_TOKEN).
local bodies = {
  '{"onBehalfOf":"alice@example.com","action":"deploy","resource":{"type":"Service","id":"checkout","attributes":{"environment":"staging"}},"context":{"tokens":2000}}',
  '{"onBehalfOf":"alice@example.com","action":"read_email","resource":{"type":"Mailbox","id":"alice","attributes":{"owner":"alice@example.com"}}}',
  '{"onBehalfOf":"alice@example.com","action":"send_email","resource":{"type":"Mailbox","id":"alice","attributes":{"owner":"alice@example.com"}},"context":{"recipientDomains":["example.com"]}}',
  '{"onBehalfOf":"alice@example.com","action":"post_message","resource":{"type":"Channel","id":"#payments","attributes":{"visibility":"internal"}}}',
  '{"onBehalfOf":"alice@example.com","action":"deploy","resource":{"type":"Service","id":"checkout","attributes":{"environment":"prod"}}}',
  '{"onBehalfOf":"alice@example.com","action":"merge_pr","resource":{"type":"Repository","id":"acme/shop","attributes":{"owner":"alice@example.com"}}}',
}
local token = os.getenv("BENCH_TOKEN")
local counter = 0

request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  if token and token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", "/v1/decisions", headers, bodies[(counter % #bodies) + 1])
end
