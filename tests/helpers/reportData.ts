import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Synthetic contact events for the reports bench and e2e, generated inside the engine
 * (INSERT … SELECT FROM numbers(), no rows pass through JavaScript): contacts of 5 events each —
 * arrival; answer (92 %) or abandon; resolution; a rating for half (csat 1–5, nps 0–10); a reopen
 * 1–10 days later for 2–8 % (by agent) — for 400 agents in 20 teams (an agent works one channel and one queue),
 * 8 M customers, categories by queue. Arrivals are spread evenly over [fromMs, fromMs + spanMs).
 * Rows [off, off + n) of a total of `total` events; call it in chunks.
 */
export async function generateReportEvents(
	client: ClickHouseClient,
	p: { off: number; n: number; total: number; fromMs: number; spanMs: number }
): Promise<void> {
	const contacts = Math.floor(p.total / 5);
	await client.command({
		query: `INSERT INTO contact_events (event_id, ts, received_at, type, contact_id, channel, queue, agent_id, team_id, customer_id,
			          category, csat, nps, wait_ms, handle_ms, source)
			SELECT concat('b', toString(number)) AS event_id, ts, ts AS received_at, type, concat('bc', toString(c)) AS contact_id,
			       channel, queue, if(answered_step, agent, '') AS agent_id, if(answered_step, team, '') AS team_id, customer_id, category,
			       if(type = 'contact.rated', toNullable(toUInt8(least(5, 1 + bitShiftRight(g, 20) % 5 + (agent_n % 3 = 0)))), NULL) AS csat,
			       if(type = 'contact.rated', toNullable(toUInt8(least(10, bitShiftRight(g, 28) % 11 + 2 * (agent_n % 3 = 0)))), NULL) AS nps,
			       if(type IN ('contact.answered', 'contact.abandoned'), toNullable(toUInt32(wait)), NULL) AS wait_ms,
			       if(type = 'contact.resolved', toNullable(toUInt32(handle)), NULL) AS handle_ms,
			       'bench' AS source
			FROM (
			  SELECT number, intDiv(number, 5) AS c, number % 5 AS step, cityHash64(c) AS h, cityHash64(c, 7) AS g,
			         bitShiftRight(h, 16) % 400 AS agent_n, concat('a', toString(agent_n)) AS agent, concat('t', toString(intDiv(agent_n, 20))) AS team,
			         -- an agent works one channel and one queue (a skill group): 20 teams of 20
			         multiIf(agent_n < 240, 'chat', agent_n < 340, 'phone', agent_n < 380, 'email', 'ticket') AS channel,
			         ['presale', 'presale', 'presale', 'presale', 'insale', 'insale', 'aftersale', 'aftersale', 'aftersale', 'complaint'][(intDiv(agent_n, 20) % 10) + 1] AS queue,
			         concat('u', toString(bitShiftRight(h, 24) % 8000000)) AS customer_id,
			         if(queue = 'complaint', 'complaint', ['consult', 'consult', 'consult', 'dispute', 'suggestion'][(bitShiftRight(h, 4) % 5) + 1]) AS category,
			         bitShiftRight(g, 32) % 100 < 8 AS abandoned,
			         intDiv(c * {spanMs: UInt64}, {contacts: UInt64}) AS pos,
			         -- 85 % of the contacts arrive 08:00–22:00 (fromMs is a local midnight), the rest round the clock
			         (pos % 86400000) / 86400000.0 AS u,
			         if(g % 100 < 85, toInt64(28800000 + u * 50400000), toInt64(u * 86400000)) AS day_off,
			         intDiv(day_off, 3600000) IN (10, 11, 20, 21) AS peak,
			         toInt64({fromMs: Int64} + pos - pos % 86400000 + day_off + h % 1000) AS arrive_ms,
			         if(channel IN ('chat', 'phone'), bitShiftRight(g, 40) % 40000 * if(peak, 3, 1), bitShiftRight(g, 40) % 7200000) AS wait,
			         60000 + cityHash64(c, 11) % 1200000 AS handle,
			         bitShiftRight(g, 12) % 2 = 0 AS rated,
			         bitShiftRight(g, 36) % 100 < 2 + agent_n % 7 AS reopened,
			         multiIf(step = 0, 'contact.arrived',
			                 step = 1, if(abandoned, 'contact.abandoned', 'contact.answered'),
			                 step = 2, if(abandoned, 'contact.customer_replied', 'contact.resolved'),
			                 step = 3, if(NOT abandoned AND rated, 'contact.rated', 'contact.agent_replied'),
			                 if(NOT abandoned AND reopened, 'contact.reopened', 'contact.customer_replied')) AS type,
			         type IN ('contact.answered', 'contact.resolved', 'contact.rated', 'contact.agent_replied') AS answered_step,
			         fromUnixTimestamp64Milli(multiIf(step = 0, arrive_ms,
			                 step = 1, arrive_ms + wait,
			                 step = 2, arrive_ms + wait + handle,
			                 step = 3, arrive_ms + wait + handle + 60000,
			                 type = 'contact.reopened', arrive_ms + wait + handle + 3600000 + (bitShiftRight(g, 44) % 10) * 86400000,
			                 arrive_ms + wait + handle), 'UTC') AS ts
			  FROM numbers_mt({off: UInt64}, {n: UInt64})
			)`,
		query_params: { off: p.off, n: p.n, fromMs: p.fromMs, spanMs: p.spanMs, contacts },
		// Every chunk has the same query text: with contact_events' dedup window the engine dropped the
		// raw rows of every chunk after the first as a duplicate insert (its views still got them).
		// A token per chunk keeps each one (settings stick to the connection: every call passes its own).
		// parallel_view_processing: the eight materialized views of each block run on all cores, not one by one;
		// numbers_mt + max_insert_threads: the rows are made and inserted (views included) by two streams, so a
		// quiet 2-core machine is busy on both cores also while the largest view (report_hour_mv) runs
		clickhouse_settings: {
			insert_deduplication_token: `report-gen-${p.off}-${p.n}-${p.total}-${p.fromMs}`,
			parallel_view_processing: 1,
			max_insert_threads: '2'
		}
	});
}

/**
 * Display names for the generated agents and teams (the `name` / `team_name` an ACD sends on
 * `agent.state`, docs/events.md): synthetic Chinese names for agents a0–a(n−1) except every 50th (a0,
 * a50, …: no name known, so the page shows their ids marked), team names after their queue (售前 1 组 …).
 */
export async function generateAgentNames(client: ClickHouseClient, p: { atMs: number; agents?: number }): Promise<void> {
	await client.command({
		query: `INSERT INTO agent_events (event_id, ts, received_at, agent_id, team_id, state, channels, max_concurrency, source, attrs)
			SELECT concat('name-', toString(number)), fromUnixTimestamp64Milli({atMs: Int64}, 'UTC') AS t, t, concat('a', toString(number)),
			       concat('t', toString(intDiv(number, 20))), 'offline', [], 1, 'bench',
			       toJSONString(map(
			         'name', if(number % 50 = 0, '',
			                    concat(['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'][number % 10 + 1],
			                           ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '涛'][intDiv(number, 10) % 14 + 1],
			                           if(number % 3 = 0, '', ['华', '明', '玲', '婷'][intDiv(number, 3) % 4 + 1]))),
			         'team_name', concat(['售前', '售前', '售前', '售前', '售中', '售中', '售后', '售后', '售后', '投诉'][(intDiv(number, 20) % 10) + 1], ' ', toString(intDiv(number, 20) + 1), ' 组')))
			FROM numbers({agents: UInt32})`,
		query_params: { atMs: p.atMs, agents: p.agents ?? 400 },
		clickhouse_settings: { insert_deduplication_token: `report-names-${p.atMs}-${p.agents ?? 400}` }
	});
}
