using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Beads.Actors.Domain;

/// <summary>
/// Issue ids: <c>&lt;prefix&gt;-&lt;base36 hash&gt;</c> for top-level issues and <c>&lt;parent&gt;.N</c> for children.
/// Hash ids let many agents create issues on different clones without a central counter; the hash is as short as the
/// rig's size allows, so ids stay easy to type.
/// </summary>
public static partial class IssueIds
{
    public const int MinHashLength = 3;
    public const int MaxHashLength = 8;
    public const int MaxChildDepth = 3;

    /// <summary>The largest birthday-collision probability accepted over the rig's top-level issues.</summary>
    public const double CollisionProbabilityLimit = 0.25;

    /// <summary>Tries per length before growing the hash by one character.</summary>
    private const int NoncesPerLength = 10;

    private const string Base36Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)+(?:\.[0-9]+)*$")]
    private static partial Regex IdPattern();

    public static bool IsValidPrefix(string prefix) => prefix.Length <= 32 && PrefixPattern().IsMatch(prefix);

    /// <summary>A prefix as given (<c>" BD-"</c>) as the rig keeps it (<c>"bd"</c>): trimmed, without trailing '-', lowercase.</summary>
    public static string NormalizePrefix(string prefix) => prefix.Trim().TrimEnd('-').ToLowerInvariant();

    public static bool IsWellFormed(string id) => id.Length <= 128 && IdPattern().IsMatch(id);

    /// <summary>
    /// The shortest hash length whose birthday-collision probability over <paramref name="existingCount"/> ids,
    /// 1 - e^(-n² / (2 · 36^L)), stays at or under <see cref="CollisionProbabilityLimit"/>: 3 characters up to
    /// 163 issues, 4 up to 983, 5 up to 5,898, 6 up to 35,389, and so on.
    /// </summary>
    public static int AdaptiveLength(int existingCount)
    {
        for (var length = MinHashLength; length < MaxHashLength; length++)
        {
            var probability = 1 - Math.Exp(-(double)existingCount * existingCount / (2 * Math.Pow(36, length)));
            if (probability <= CollisionProbabilityLimit) return length;
        }
        return MaxHashLength;
    }

    /// <summary>
    /// A new top-level id from the issue's content, its creator and its creation time. On a collision the nonce
    /// changes; after <see cref="NoncesPerLength"/> collisions at one length the hash grows by a character.
    /// Null when every length up to <see cref="MaxHashLength"/> collided, which needs millions of issues.
    /// </summary>
    public static string? Generate(
        string prefix, string title, string? description, string creator, DateTimeOffset createdAt,
        int existingTopLevelCount, Func<string, bool> isTaken)
    {
        for (var length = AdaptiveLength(existingTopLevelCount); length <= MaxHashLength; length++)
        {
            for (var nonce = 0; nonce < NoncesPerLength; nonce++)
            {
                var id = $"{prefix}-{Hash(title, description, creator, createdAt, nonce, length)}";
                if (!isTaken(id)) return id;
            }
        }
        return null;
    }

    /// <summary>
    /// SHA-256 over <c>title|description|creator|unix-nanoseconds|nonce</c>; the first bytes of the digest, enough for
    /// <paramref name="length"/> characters, read as a big-endian number and written in base36 (0-9a-z), zero-padded
    /// and cut to the last <paramref name="length"/> digits. The same inputs give the id beads would give.
    /// </summary>
    public static string Hash(string title, string? description, string creator, DateTimeOffset createdAt, int nonce, int length)
    {
        var unixNanos = (createdAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var content = string.Join('|', title, description ?? "", creator,
            unixNanos.ToString(CultureInfo.InvariantCulture), nonce.ToString(CultureInfo.InvariantCulture));
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(content));
        var value = new BigInteger(digest.AsSpan(0, BytesFor(length)), isUnsigned: true, isBigEndian: true);
        var digits = new StringBuilder();
        do
        {
            value = BigInteger.DivRem(value, 36, out var remainder);
            digits.Insert(0, Base36Digits[(int)remainder]);
        } while (value > 0);
        var encoded = digits.ToString().PadLeft(length, '0');
        return encoded[^length..];
    }

    private static int BytesFor(int length) => length switch
    {
        3 => 2,
        4 => 3,
        5 or 6 => 4,
        7 or 8 => 5,
        _ => 3,
    };

    public static string Child(string parentId, int number) => $"{parentId}.{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>How many <c>.N</c> levels an id has below its top-level ancestor.</summary>
    public static int Depth(string id) => id.Count(c => c == '.');

    /// <summary>Splits <c>parent.N</c> into the parent id and N; null for a top-level id.</summary>
    public static (string Parent, int Number)? SplitChild(string id)
    {
        var dot = id.LastIndexOf('.');
        return dot > 0 && int.TryParse(id.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (id[..dot], number)
            : null;
    }
}
