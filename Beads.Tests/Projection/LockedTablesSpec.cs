using System.Collections.Concurrent;
using Akka.Actor;
using Beads.Protocol;
using Beads.Tests.Support;
using MySqlConnector;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Projection;

/// <summary>
/// Rigs on the server store while a test holds locks the writers need: the writers stall in the middle of their
/// transactions, as behind a slow or failing database, while the journal goes on. Intake slows instead of the backlog
/// growing, waiting commands get a clear answer, cut-off transactions are written again, and after the locks go the
/// tables converge, even across a crash of the rig.
/// </summary>
public sealed class LockedTablesSpec(ITestOutputHelper output) : ProjectionTestKit(TempServerDatabase.Create(), output, """
    beads.projection.max-backlog = 20
    beads.projection.max-intake-wait = 5s
    beads.projection.max-retry-backoff = 500ms
    """)
{
    private const string Name = "locked";

    [SkippableFact]
    public async Task While_the_writers_lag_more_than_the_bound_commands_wait_and_queries_are_still_answered()
    {
        var rig = await RigWithIssues(5);
        var clients = new CreatingClients(rig, Name, count: 10);
        int stalled;
        await using (await LockNewEventRows())
        {
            await Task.Delay(1500);
            stalled = clients.Answered;
            await Task.Delay(1000);

            Output.WriteLine($"{stalled} creates answered before the rig held its intake");
            Assert.InRange(stalled, 1, 60); // the bound is 20 events behind, plus the commands already under way
            Assert.Equal(stalled, clients.Answered);
            var info = Assert.IsType<RigInfo>(await rig.Ask<IRigReply>(new GetRigInfo(Name), TimeSpan.FromSeconds(2)));
            Assert.Equal(5 + stalled, info.IssueCount);
        }

        // The lock is gone: the held commands are decided and answered, and new ones flow again.
        await AwaitConditionAsync(() => Task.FromResult(clients.Answered > stalled + 20), TimeSpan.FromSeconds(10));
        var replies = await clients.Stop();
        Assert.All(replies, reply => Assert.IsType<IssueResult>(reply));
        await AssertTablesMatch(rig, Name);
    }

    [SkippableFact]
    public async Task A_command_held_longer_than_the_intake_wait_is_refused_with_a_clear_error_and_nothing_acknowledged_is_lost()
    {
        var rig = await RigWithIssues(5);
        var clients = new CreatingClients(rig, Name, count: 10);
        await using (await LockNewEventRows())
        {
            await AwaitConditionAsync(() => Task.FromResult(clients.Refused > 0), TimeSpan.FromSeconds(15));
        }
        var replies = await clients.Stop();

        var refusals = replies.OfType<Rejected>().ToList();
        Assert.All(refusals, refusal =>
        {
            Assert.Equal(ErrorCodes.StorageUnavailable, refusal.Code);
            Assert.Contains("waited 5 s without being made", refusal.Message);
        });
        var acknowledged = replies.OfType<IssueResult>().Select(r => r.Issue.Id).ToList();
        Assert.Equal(replies.Count, acknowledged.Count + refusals.Count);
        await AssertTablesMatch(rig, Name);
        Assert.Equal(5 + acknowledged.Count, (await All(rig, Name)).Count);
    }

    [SkippableFact]
    public async Task Writers_whose_connections_are_killed_mid_batch_write_the_batch_again_and_the_tables_converge()
    {
        var rig = await RigWithIssues(5);
        await using (var locked = await LockNewEventRows())
        {
            var creates = Enumerable.Range(0, 15).Select(i => rig.Ask<IRigReply>(new CreateIssue(Name, Agent, $"cut {i}"), AskTimeout)).ToList();
            await Task.WhenAll(creates);

            // The writers have upserted their issue rows and now wait for the events rows: kill them right there.
            var killed = new HashSet<long>();
            for (var round = 0; round < 3; round++)
            {
                var waiting = await locked.WaitingWriters(except: killed, within: TimeSpan.FromSeconds(10));
                foreach (var connection in waiting) await locked.Kill(connection);
                killed.UnionWith(waiting);
            }
            Output.WriteLine($"{killed.Count} writer connections killed mid-batch");
            Assert.True(killed.Count >= 3, "the writers never got stuck mid-batch");
        }
        await AssertTablesMatch(rig, Name);
    }

    [SkippableFact]
    public async Task A_rig_that_crashes_with_events_not_yet_in_the_tables_projects_them_when_it_starts_again()
    {
        var rig = await RigWithIssues(5);
        var locked = await LockNewEventRows();
        var created = await Task.WhenAll(Enumerable.Range(0, 15).Select(i => Create(rig, Name, $"crash {i}")));
        Assert.Equal(0, Store.Scalar($"SELECT COUNT(*) FROM issues WHERE rig = '{Name}' AND title LIKE 'crash %'"));

        Watch(rig);
        rig.Tell(Kill.Instance);
        await ExpectTerminatedAsync(rig);
        await locked.DisposeAsync();

        var reborn = StartRig(Name);
        await AssertTablesMatch(reborn, Name);
        Assert.Equal(15, Store.Scalar($"SELECT COUNT(*) FROM issues WHERE rig = '{Name}' AND title LIKE 'crash %'"));
        Assert.Equal(created.Length, created.Select(i => i.Id).Distinct().Count());
    }

    /// <summary>Clients that each create one issue after another until stopped, keeping every reply.</summary>
    private sealed class CreatingClients
    {
        private readonly ConcurrentQueue<IRigReply> _replies = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public CreatingClients(IActorRef rig, string name, int count) =>
            _running = Task.WhenAll(Enumerable.Range(0, count).Select(client => Task.Run(async () =>
            {
                for (var n = 0; !_stop.IsCancellationRequested; n++)
                    _replies.Enqueue(await rig.Ask<IRigReply>(new CreateIssue(name, Agent, $"client {client} issue {n}"), AskTimeout));
            })));

        public int Answered => _replies.Count;
        public int Refused => _replies.Count(reply => reply is Rejected);

        public async Task<List<IRigReply>> Stop()
        {
            await _stop.CancelAsync();
            await _running;
            return [.. _replies];
        }
    }

    private async Task<IActorRef> RigWithIssues(int count)
    {
        var rig = StartRig(Name);
        await Init(rig, Name);
        for (var i = 0; i < count; i++) await Create(rig, Name, $"issue {i}");
        await AssertTablesMatch(rig, Name);
        return rig;
    }

    /// <summary>
    /// Holds a gap lock over the rig's events rows beyond the current ones (repeatable read): every writer that
    /// tries to insert an events row waits, inside its transaction, after its issue rows.
    /// </summary>
    private async Task<EventRowsLock> LockNewEventRows()
    {
        var connection = (MySqlConnection)Store.OpenConnection();
        await using (var isolation = new MySqlCommand("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", connection))
            await isolation.ExecuteNonQueryAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var select = new MySqlCommand(
                         $"SELECT COUNT(*) FROM events WHERE rig = '{Name}' AND seq > {JournalLength(Name)} FOR UPDATE", connection, transaction))
            await select.ExecuteScalarAsync();
        return new EventRowsLock(connection, transaction, Store);
    }

    private sealed class EventRowsLock(MySqlConnection connection, MySqlTransaction transaction, TestStore store) : IAsyncDisposable
    {
        /// <summary>The connections waiting for this lock (the writers, stuck mid-batch), leaving out those already killed.</summary>
        public async Task<List<long>> WaitingWriters(IReadOnlySet<long> except, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (true)
            {
                using var observer = (MySqlConnection)store.OpenConnection();
                // Only this test's database: other tests share the server.
                await using var query = new MySqlCommand(
                    "SELECT t.trx_mysql_thread_id FROM information_schema.INNODB_TRX t " +
                    "JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id " +
                    "WHERE t.trx_state = 'LOCK WAIT' AND p.DB = DATABASE()", observer);
                var waiting = new List<long>();
                await using (var reader = await query.ExecuteReaderAsync())
                    while (await reader.ReadAsync())
                        if (!except.Contains(reader.GetInt64(0))) waiting.Add(reader.GetInt64(0));
                if (waiting.Count > 0 || DateTime.UtcNow > deadline) return waiting;
                await Task.Delay(100);
            }
        }

        public async Task Kill(long connectionId)
        {
            using var killer = (MySqlConnection)store.OpenConnection();
            await using var kill = new MySqlCommand($"KILL CONNECTION {connectionId}", killer);
            try
            {
                await kill.ExecuteNonQueryAsync();
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchThread)
            {
                // It ended by itself in the meantime.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
