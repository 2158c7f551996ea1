using System.Security.Cryptography;

namespace Beads.Host.Gateway;

/// <summary>
/// The bearer token TCP clients must present. Made on first start and kept in the data directory, readable by its
/// owner only, so that a client on the same machine can find it and nobody else can.
/// </summary>
public static class GatewayToken
{
    public static string LoadOrCreate(string file)
    {
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        using (var stream = new FileStream(file, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew,
                   Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token);
        }
        return token;
    }

    /// <summary>Compares in constant time, so response timing does not leak how much of a guess was right.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));
}
