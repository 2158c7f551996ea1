using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beads.Actors.Configuration;
using Beads.Protocol;

namespace Beads.Actors.Persistence;

/// <summary>How much one <c>bd sql</c> query may take: time, and the size of the values it brings back.</summary>
/// <param name="Time">After this long the database is told to stop the query (SQLite: interrupted; MySQL: killed).</param>
/// <param name="Bytes">Values beyond this many bytes are not read: the rows so far come back, marked as cut.</param>
public sealed record SqlLimits(TimeSpan Time, long Bytes);

/// <summary>
/// Runs a <c>bd sql</c> query on a read-only connection to the store, within a row limit, a size limit and a time
/// limit, and hands back its rows as JSON values. The time limit is enforced on every store: SQLite's own command
/// timeout only bounds the wait for a lock, so a query that runs on (a recursive CTE) is interrupted instead.
/// </summary>
public static class ReadOnlyQuery
{
    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    /// <exception cref="QueryTooLongException">The query ran longer than <see cref="SqlLimits.Time"/> and was stopped.</exception>
    /// <exception cref="DbException">The database refused or failed the query itself.</exception>
    public static async Task<SqlResult> Run(StorageBackend storage, SqlQuery query, SqlLimits limits, CancellationToken cancellation)
    {
        DbConnection connection;
        try
        {
            connection = await storage.OpenReadOnlyAsync(cancellation);
        }
        catch (DbException e)
        {
            throw new StoreUnavailableException($"cannot reach {storage.Description}: {e.Message.TrimEnd('.')}", e);
        }
        await using (connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query.Query;
            command.CommandTimeout = (int)Math.Ceiling(limits.Time.TotalSeconds);
            using var outOfTime = new CancellationTokenSource(limits.Time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(outOfTime.Token, cancellation);
            await using var stopping = stop.Token.Register(() => Stop(connection, command));
            try
            {
                return await Read(command, query, limits, cancellation);
            }
            catch (DbException) when (outOfTime.IsCancellationRequested)
            {
                throw new QueryTooLongException(
                    $"the query ran longer than {limits.Time.TotalSeconds:0} s, bd sql's time limit, and was stopped: ask for less " +
                    "(a WHERE on rig or issue_id, a LIMIT), or make sure a recursive query ends");
            }
        }
    }

    private static async Task<SqlResult> Read(DbCommand command, SqlQuery query, SqlLimits limits, CancellationToken cancellation)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToImmutableList();
        var limit = Math.Clamp(query.Limit, 1, SqlQuery.MaxLimit);
        var rows = ImmutableList.CreateBuilder<ImmutableList<JsonElement>>();
        long bytes = 0;
        while (await reader.ReadAsync(cancellation))
        {
            if (rows.Count == limit)
                return new SqlResult(columns, rows.ToImmutable(), Truncated: true) { CutBy = $"the row limit ({limit}): raise --limit to see more" };
            var row = Enumerable.Range(0, reader.FieldCount).Select(column => reader.GetValue(column)).ToList();
            bytes += row.Sum(SizeOf);
            if (bytes > limits.Bytes)
                return new SqlResult(columns, rows.ToImmutable(), Truncated: true)
                {
                    CutBy = $"the size limit ({limits.Bytes / (1024 * 1024)} MB of values): select fewer or shorter columns",
                };
            rows.Add([.. row.Select(Json)]);
        }
        return new SqlResult(columns, rows.ToImmutable(), Truncated: false);
    }

    /// <summary>
    /// Stops the query where it runs: SQLite's interrupt (its command timeout only bounds the wait for a lock), or
    /// the driver's cancel, which MySQLConnector carries out as KILL QUERY.
    /// </summary>
    private static void Stop(DbConnection connection, DbCommand command)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }) SQLitePCL.raw.sqlite3_interrupt(handle);
        else command.Cancel();
    }

    private static long SizeOf(object value) => value switch
    {
        string text => text.Length * 2L,
        byte[] bytes => bytes.Length,
        _ => 8,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A value as JSON: numbers as numbers, times as UTC text, blobs as their text when it is UTF-8 (the journal's JSON events), else base64.</summary>
    private static JsonElement Json(object value) => value switch
    {
        DBNull => JsonSerializer.SerializeToElement<object?>(null),
        bool flag => JsonSerializer.SerializeToElement(flag),
        double or float when !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)) =>
            JsonSerializer.SerializeToElement(Convert.ToString(value, CultureInfo.InvariantCulture)),
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            JsonSerializer.SerializeToElement(value, value.GetType()),
        DateTime at => JsonSerializer.SerializeToElement(at.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
        byte[] bytes => JsonSerializer.SerializeToElement(Utf8OrBase64(bytes)),
        _ => JsonSerializer.SerializeToElement(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static string Utf8OrBase64(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Convert.ToBase64String(bytes);
        }
    }
}

/// <summary>A query ran past bd sql's time limit and was stopped; the message says what to do.</summary>
public sealed class QueryTooLongException(string message) : Exception(message);

/// <summary>The store could not be reached; the message names it and why.</summary>
public sealed class StoreUnavailableException(string message, Exception cause) : Exception(message, cause);
