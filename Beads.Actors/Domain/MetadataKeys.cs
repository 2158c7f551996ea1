using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' <c>update --set-metadata key=value</c> and <c>--unset-metadata key</c>: keys of the issue's metadata object
/// changed one by one, the rest kept. A value is taken as JSON when it is JSON (<c>{"by":"gt-1"}</c>, <c>3</c>,
/// <c>true</c>) and as a string otherwise.
/// </summary>
public static class MetadataKeys
{
    /// <summary>The metadata after the change, as the compact JSON the issue field holds; null when no key is left.</summary>
    public static Result<string?> Merge(JsonElement? metadata, ImmutableDictionary<string, string> set, ImmutableList<string> unset)
    {
        JsonObject merged;
        switch (metadata)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                merged = [];
                break;
            case { ValueKind: JsonValueKind.Object } existing:
                merged = JsonNode.Parse(existing.GetRawText())!.AsObject();
                break;
            default:
                return IssueValidation.Invalid(
                    "the issue's metadata is not a JSON object, so it has no keys to set: replace it whole with --metadata");
        }
        foreach (var key in unset) merged.Remove(key);
        foreach (var (key, text) in set.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0) return IssueValidation.Invalid($"--set-metadata '={text}' names no key: write key=value");
            merged[key] = ValueOf(text);
        }
        return merged.Count == 0 ? new Result<string?>((string?)null) : merged.ToJsonString();
    }

    private static JsonNode? ValueOf(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
