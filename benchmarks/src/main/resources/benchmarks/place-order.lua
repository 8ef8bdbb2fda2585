-- wrk script: POST /orders with a one-line order, as a client of order-service would, each request
-- with an Idempotency-Key of its own and the service token (ONCEFLOW_SERVICE_TOKEN). Prints one "wrk-result" line that Wrk.java reads.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or "wrk") .. "-" .. thread_id .. "-"
  counter = 0
  non_created = 0
  authorization = "Bearer " .. (os.getenv("ONCEFLOW_SERVICE_TOKEN") or "")
end

function request()
  counter = counter + 1
  local body = '{"customerId":"wrk-' .. (counter % 1000) .. '","currency":"EUR",'
    .. '"lines":[{"sku":"SKU-1","quantity":2,"unitPrice":12.50}]}'
  return wrk.format("POST", "/orders",
    { ["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. counter,
      ["Authorization"] = authorization }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    non_created = non_created + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("non_created")
  end
  io.write(string.format(
    "wrk-result requests=%d duration_us=%d not_created=%d socket_errors=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
