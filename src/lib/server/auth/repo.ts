import type { ClickHouseClient } from '@clickhouse/client';
import { insertBoardTokens } from '../queries/auth/insertBoardTokens';
import { insertIngestKeys } from '../queries/auth/insertIngestKeys';
import { insertSessions } from '../queries/auth/insertSessions';
import { insertUsers } from '../queries/auth/insertUsers';
import { listBoardTokens } from '../queries/auth/listBoardTokens';
import { listIngestKeys } from '../queries/auth/listIngestKeys';
import { listSessions } from '../queries/auth/listSessions';
import { listUsers } from '../queries/auth/listUsers';
import type { AuthRepo } from './records';

/** The records in ClickHouse, through the named queries in queries/auth/. */
export function clickhouseRepo(client: ClickHouseClient): AuthRepo {
	return {
		loadUsers: () => listUsers(client),
		saveUsers: (rows) => insertUsers(client, rows),
		loadSessions: (nowMs) => listSessions(client, { nowMs }),
		saveSessions: (rows) => insertSessions(client, rows),
		loadIngestKeys: () => listIngestKeys(client),
		saveIngestKeys: (rows) => insertIngestKeys(client, rows),
		loadBoardTokens: () => listBoardTokens(client),
		saveBoardTokens: (rows) => insertBoardTokens(client, rows)
	};
}
