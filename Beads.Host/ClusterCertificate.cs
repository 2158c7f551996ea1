using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Beads.Host;

/// <summary>
/// The certificate and private key a node proves itself with on its cluster (remoting) port. Every connection is
/// mutual TLS pinned to this one certificate (see <see cref="Actors.Cluster.ClusterTransportSecurity"/>), so only a
/// process that can read the key file joins, sends or answers: another local user, or a machine on the network, gets
/// a failed handshake and nothing else. Nodes of one cluster share one file, made once with
/// <c>Beads.Host --new-cluster-cert &lt;file&gt;</c> and copied to each (<c>--cluster-cert</c>). A lone host has no
/// cluster port at all (<see cref="Actors.Cluster.Standalone"/>).
/// </summary>
public static class ClusterCertificate
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>A cluster node's certificate, from <paramref name="sharedFile"/>; refused when none is given.</summary>
    public static X509Certificate2 OfClusterNode(string? sharedFile) =>
        string.IsNullOrEmpty(sharedFile)
            ? throw new HostStartException(
                "a cluster node needs the cluster's certificate, which every node presents and requires on its cluster port: " +
                "make it once with `Beads.Host --new-cluster-cert <file>` and give --cluster-cert <file> (or BEADS_CLUSTER_CERT)")
            : Load(sharedFile, "--cluster-cert");

    /// <summary>
    /// Writes a new self-signed certificate with its private key to <paramref name="file"/>, readable by its owner
    /// only (0600); refuses to replace a file.
    /// </summary>
    public static X509Certificate2 Create(string file)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=beads-cluster", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        // Pinned by its thumbprint, never checked against a chain, so its dates only need to cover its use: a key
        // that leaks is replaced by making a new file, not by waiting for it to expire.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var temporary = $"{file}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly,
               }))
        {
            stream.Write(certificate.Export(X509ContentType.Pkcs12));
        }
        try
        {
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(temporary);
            throw new HostStartException($"{file} exists already: keep it, or remove it first to make a new cluster certificate");
        }
        return X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
    }

    /// <summary>
    /// A certificate with its private key from <paramref name="file"/> (named by <paramref name="from"/>), refused
    /// when other users can read the file, when it is not PKCS#12 without a password, or when it has no key.
    /// </summary>
    public static X509Certificate2 Load(string file, string from)
    {
        if (!File.Exists(file))
            throw new HostStartException($"the certificate {file} (from {from}) does not exist: make one with `Beads.Host --new-cluster-cert {file}`");
        var mode = File.GetUnixFileMode(file);
        if ((mode & OpenToOthers) != 0)
            throw new HostStartException($"the certificate {file} is open to other users (mode {Convert.ToString((int)mode, 8)}), who could pose as this host with it: `chmod 600 {file}`");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
        }
        catch (CryptographicException e)
        {
            throw new HostStartException($"the certificate {file} cannot be read ({e.Message.TrimEnd('.')}): it must be a PKCS#12 file without a password, as `Beads.Host --new-cluster-cert` makes");
        }
        if (!certificate.HasPrivateKey)
            throw new HostStartException($"the certificate {file} holds no private key: make one with `Beads.Host --new-cluster-cert <file>`");
        return certificate;
    }
}
