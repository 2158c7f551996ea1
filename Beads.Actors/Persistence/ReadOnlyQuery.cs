using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beads.Actors.Configuration;
using Beads.Protocol;

namespace Beads.Actors.Persistence;

/// <summary>
/// Runs a <c>bd sql</c> query on a read-only connection to the store, with a row limit and a time limit, and hands back
/// its rows as JSON values.
/// </summary>
public static class ReadOnlyQuery
{
    /// <summary>The most rows one query may bring back, whatever it asks for.</summary>
    public const int MaxRows = 100_000;

    /// <exception cref="StoreUnavailableException">The store could not be reached.</exception>
    /// <exception cref="DbException">The database refused or failed the query itself.</exception>
    public static async Task<SqlResult> Run(StorageBackend storage, SqlQuery query, TimeSpan timeout, CancellationToken cancellation)
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
            command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToImmutableList();
            var limit = Math.Clamp(query.Limit, 1, MaxRows);
            var rows = ImmutableList.CreateBuilder<ImmutableList<JsonElement>>();
            var truncated = false;
            while (await reader.ReadAsync(cancellation))
            {
                if (rows.Count == limit)
                {
                    truncated = true;
                    break;
                }
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(column => Json(reader.GetValue(column)))]);
            }
            return new SqlResult(columns, rows.ToImmutable(), truncated);
        }
    }

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

/// <summary>The store could not be reached; the message names it and why.</summary>
public sealed class StoreUnavailableException(string message, Exception cause) : Exception(message, cause);
