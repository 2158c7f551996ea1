using System.Collections.Immutable;
using System.Data;
using System.Data.Common;
using System.Globalization;
using Beads.Actors.Persistence;
using Beads.Actors.Rigs;

namespace Beads.Actors.Projection;

/// <summary>The projection's database work: one transaction per batch, and a rig start's claim on its rows.</summary>
public sealed class ProjectionStore(ProjectionSettings settings)
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = settings.Dialect.CreateConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellation);
            if (settings.Dialect.WriterSession is { Length: > 0 } session)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = session;
                await command.ExecuteNonQueryAsync(cancellation);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the batch and its offset in one transaction: all of it lands, or none of it.</summary>
    /// <exception cref="ProjectionFencedException">A later start of the rig has claimed the tables.</exception>
    public async Task WriteAsync(DbConnection connection, ProjectionBatch batch, CancellationToken cancellation)
    {
        // Writers touch disjoint rows; read-committed spares them the gap locks that would make them wait on each other.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellation);
        await using (var check = Command(connection, transaction,
                         $"SELECT epoch FROM {Offsets} WHERE rig = @rig AND writer = @writer{settings.Dialect.ForUpdate}",
                         ("@rig", batch.Rig), ("@writer", batch.Writer)))
        {
            var epoch = Convert.ToInt64(await check.ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture);
            if (epoch != batch.Epoch) throw new ProjectionFencedException(batch.Rig, batch.Epoch, epoch);
        }
        await batch.Script(settings.Dialect, DateTimeOffset.UtcNow)
            .ExecuteAsync(connection, transaction, CommandTimeoutSeconds, cancellation);
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>
    /// Claims the rig's rows for a new start: creates its writers' offset rows where missing, locks them (waiting for
    /// any transaction of an earlier start to end), reads the offsets and raises the epoch.
    /// </summary>
    public async Task<ProjectionClaim> ClaimAsync(string rig, CancellationToken cancellation)
    {
        await using var connection = await OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellation);
        var now = settings.Dialect.Timestamp(DateTimeOffset.UtcNow);
        for (var writer = 0; writer < WriterIndex.Count; writer++)
        {
            await using var create = Command(connection, transaction,
                settings.Dialect.InsertIfAbsent(Offsets, ["rig", "writer", "sequence_nr", "epoch", "updated_at"]),
                ("@rig", rig), ("@writer", writer), ("@sequence_nr", 0L), ("@epoch", 0L), ("@updated_at", now));
            await create.ExecuteNonQueryAsync(cancellation);
        }
        var offsets = new long[WriterIndex.Count];
        long epoch = 0;
        await using (var read = Command(connection, transaction,
                         $"SELECT writer, sequence_nr, epoch FROM {Offsets} WHERE rig = @rig{settings.Dialect.ForUpdate}", ("@rig", rig)))
        await using (var reader = await read.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                var writer = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                if (writer is >= 0 and < WriterIndex.Count) offsets[writer] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                epoch = Math.Max(epoch, Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
            }
        }
        await using (var raise = Command(connection, transaction, $"UPDATE {Offsets} SET epoch = @epoch WHERE rig = @rig",
                         ("@rig", rig), ("@epoch", epoch + 1)))
        {
            await raise.ExecuteNonQueryAsync(cancellation);
        }
        await transaction.CommitAsync(cancellation);
        return new ProjectionClaim(epoch + 1, [.. offsets]);
    }

    /// <summary>
    /// The rigs whose tables lag their journal: no offsets recorded, or the lowest short of the journal's last event.
    /// A crash leaves such rigs behind; they catch up when they start, so the host starts them.
    /// </summary>
    public async Task<IReadOnlyList<string>> RigsBehindAsync(CancellationToken cancellation)
    {
        var rig = $"SUBSTR(j.persistence_id, {RigActor.PersistencePrefix.Length + 1})";
        await using var connection = await OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {rig} FROM (SELECT persistence_id, MAX(sequence_number) AS last_event FROM {StoreSchema.Journal.Name} " +
            $"WHERE persistence_id LIKE '{RigActor.PersistencePrefix}%' GROUP BY persistence_id) j " +
            $"LEFT JOIN (SELECT rig, MIN(sequence_nr) AS projected FROM {Offsets} GROUP BY rig) o ON o.rig = {rig} " +
            "WHERE o.projected IS NULL OR o.projected < j.last_event";
        command.CommandTimeout = CommandTimeoutSeconds;
        var rigs = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation)) rigs.Add(reader.GetString(0));
        return rigs;
    }

    private static string Offsets => ProjectedTables.Offsets.Definition.Name;

    private int CommandTimeoutSeconds => (int)Math.Ceiling(settings.CommandTimeout.TotalSeconds);

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
