using Beads.Protocol;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>Turns refusals into problem details with a stable <c>code</c> and an HTTP status that fits it.</summary>
public static class Problems
{
    public const string Timeout = "timeout";
    public const string Unauthorized = "unauthorized";
    public const string BadRequest = "bad_request";
    public const string RequestTooLarge = "request_too_large";

    public static IResult From(Rejected rejected) => Problem(rejected.Code, rejected.Message);

    public static IResult Problem(string code, string detail)
    {
        var status = StatusOf(code);
        var problem = new ProblemReply(code, status, detail, code) { Type = $"https://beads.dev/errors/{code}" };
        return Results.Json(problem, GatewayJson.Options, "application/problem+json", status);
    }

    private static int StatusOf(string code) => code switch
    {
        ErrorCodes.NotFound or ErrorCodes.RigNotInitialized => StatusCodes.Status404NotFound,
        ErrorCodes.InvalidArgument or BadRequest => StatusCodes.Status400BadRequest,
        ErrorCodes.StorageUnavailable or ErrorCodes.RigUnavailable => StatusCodes.Status503ServiceUnavailable,
        Timeout => StatusCodes.Status504GatewayTimeout,
        ErrorCodes.ReplyTooLarge or RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.FeedGap => StatusCodes.Status410Gone,
        _ => StatusCodes.Status409Conflict,
    };
}
