using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stormline.Registry.Security;

/// <summary>
/// Passwords are kept as salted PBKDF2-SHA256 (<c>pbkdf2-sha256$iterations$salt$key</c>, base64), so a leaked users
/// file does not give the passwords away. The iteration count travels with the hash so it can be raised later.
/// </summary>
public static class RegistryPasswordHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 210_000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(password, salt, Iterations, KeyBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>Whether <paramref name="hash"/> is in the format <see cref="Create"/> writes.</summary>
    public static bool IsWellFormed(string hash) => TryParse(hash, out _, out _, out _);

    public static bool Verify(string password, string hash)
    {
        if (!TryParse(hash, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations, expected.Length), expected);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string hash, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && key.Length > 0;
    }
}
