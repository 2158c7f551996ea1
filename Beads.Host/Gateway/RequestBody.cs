using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Beads.Host.Gateway;

/// <summary>One JSON message read from a request's body, or the problem that tells its sender what is wrong with it.</summary>
public static class RequestBody
{
    /// <param name="what">What the body should be, for the message: "a Beads message", "a SQL query message".</param>
    public static async Task<(T? Message, IResult? Problem)> Read<T>(HttpRequest request, string what, CancellationToken cancellation)
        where T : class
    {
        try
        {
            var message = await JsonSerializer.DeserializeAsync<T>(request.Body, GatewayJson.Options, cancellation);
            return message is null
                ? (null, Problems.Problem(Problems.BadRequest, $"the request body is empty: send {what} as JSON"))
                : (message, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Problem(Problems.BadRequest, $"the request is not {what}: {e.Message}"));
        }
        catch (NotSupportedException)
        {
            // System.Text.Json's word for a polymorphic message without its "$type".
            return (null, Problems.Problem(Problems.BadRequest, $"the request is not {what}: it says no kind of message (\"$type\")"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.Problem(Problems.RequestTooLarge,
                $"the request is larger than this gateway takes ({request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize / 1_000_000} MB): " +
                "send a large import in parts, as `bd import` does"));
        }
    }
}
