using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Beads.Protocol;

/// <summary>
/// The SHA-256 of a certificate, in hex: what a host prints for its TLS gateway and what bd pins with
/// <c>BD_TLS_FINGERPRINT</c>, so that a host with a self-signed certificate is trusted by its fingerprint alone.
/// </summary>
public static class CertificateFingerprint
{
    public const string Variable = "BD_TLS_FINGERPRINT";

    public static string Of(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>
    /// A fingerprint as people copy it (any case, with or without colons or spaces), normalised; a
    /// <see cref="FormatException"/> when it is not 64 hex digits.
    /// </summary>
    public static string Parse(string text)
    {
        var digits = new string([.. text.Where(c => c is not (':' or ' '))]).ToUpperInvariant();
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit))
            throw new FormatException($"'{text}' is not a SHA-256 fingerprint: give the 64 hex digits the host prints at start (after 'certificate SHA-256')");
        return digits;
    }
}
