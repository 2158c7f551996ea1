using MySqlConnector;

namespace Beads.Actors.Dolt;

/// <summary>
/// <see cref="IDoltSync"/> on a MySQL-protocol server: finds out once whether it is Dolt (<see cref="DoltSql.Version"/>),
/// and if so stages, commits and pushes with <see cref="DoltSql"/>; on MariaDB or MySQL it skips every call.
/// </summary>
public sealed class DoltSync(string connectionString, string storeName) : IDoltSync
{
    private bool? _isDolt;

    public async Task<DoltSyncResult> CommitAndPush(string message, string author, DoltRemote? push, CancellationToken cancellation)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellation);
        _isDolt ??= await AnswersDoltVersion(connection, cancellation);
        if (_isDolt is false)
            return new DoltSyncResult(DoltSyncOutcome.Skipped, null, $"{storeName} is not a Dolt server: skipped");
        if (Convert.ToInt64(await Scalar(connection, DoltSql.PendingChanges, cancellation)) == 0)
            return new DoltSyncResult(DoltSyncOutcome.NothingToCommit, null, $"{storeName}: nothing to commit");
        object? hash = null;
        foreach (var statement in DoltSql.Commit(message, author))
            hash = await Scalar(connection, statement, cancellation);
        // A store without the remote (a local Dolt server) commits and stops there, as git-portable does without a remote.
        var pushed = push is not null
                     && Convert.ToInt64(await Scalar(connection, DoltSql.RemoteExists(push.Remote), cancellation)) > 0;
        if (pushed) await Scalar(connection, DoltSql.Push(push!.Remote, push.Branch), cancellation);
        return new DoltSyncResult(DoltSyncOutcome.Committed, hash?.ToString(),
            $"{storeName}: Dolt commit {hash}{(pushed ? $", pushed to {push!.Remote}/{push.Branch}" : ", no remote to push to")}");
    }

    private static async Task<bool> AnswersDoltVersion(MySqlConnection connection, CancellationToken cancellation)
    {
        try
        {
            await Scalar(connection, DoltSql.Version, cancellation);
            return true;
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.StoredProcedureDoesNotExist or MySqlErrorCode.ParseError)
        {
            return false;
        }
    }

    private static async Task<object?> Scalar(MySqlConnection connection, DoltStatement statement, CancellationToken cancellation)
    {
        await using var command = new MySqlCommand(statement.Sql, connection);
        foreach (var (name, value) in statement.Parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync(cancellation);
    }
}

/// <summary><see cref="IDoltSync"/> on a store that can never be Dolt (the embedded SQLite file).</summary>
public sealed class NotADoltStore(string storeName) : IDoltSync
{
    public Task<DoltSyncResult> CommitAndPush(string message, string author, DoltRemote? push, CancellationToken cancellation) =>
        Task.FromResult(new DoltSyncResult(DoltSyncOutcome.Skipped, null, $"{storeName} is not a Dolt server: skipped"));
}
