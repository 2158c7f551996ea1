using System.Data.Common;
using System.Text.Json;
using Beads.Actors.Configuration;
using Beads.Actors.Persistence;
using Beads.Protocol;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>
/// <c>bd sql</c>: read-only queries on the store's tables, run by the gateway on a read-only connection of its own,
/// beside the rigs (a query never waits in a rig's mailbox, nor a rig behind a query).
/// </summary>
public static class SqlEndpoint
{
    public static async Task<IResult> Run(HttpRequest request, StorageBackend storage, GatewayOptions options, CancellationToken cancellation)
    {
        var (query, problem) = await RequestBody.Read<SqlQuery>(request, "a SQL query message", cancellation);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(query!.Query))
            return Problems.Problem(Problems.BadRequest, "the query is empty: give one SELECT statement");
        if (SqlQuery.LimitProblem(query.Limit) is { } badLimit) return Problems.Problem(ErrorCodes.InvalidArgument, badLimit);
        if (ReadOnlyStatement.Refusal(query.Query) is { } refusal)
            return Problems.Problem(ErrorCodes.InvalidArgument, $"bd sql cannot run this query: {refusal}");
        try
        {
            var result = await ReadOnlyQuery.Run(storage, query, options.SqlLimits, cancellation);
            return Results.Json(result, GatewayJson.Options);
        }
        catch (QueryTooLongException e)
        {
            return Problems.Problem(ErrorCodes.InvalidArgument, e.Message);
        }
        catch (StoreUnavailableException e)
        {
            return Problems.Problem(ErrorCodes.StorageUnavailable, $"{e.Message}: check the database, then retry");
        }
        catch (DbException e)
        {
            return Problems.Problem(ErrorCodes.InvalidArgument,
                $"the database refused the query: {e.Message.TrimEnd('.')}. Tables: issues, dependencies, labels, comments, events, projection_offsets (each with a rig column)");
        }
    }
}
