using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Stormline.Broker.Security;

/// <summary>
/// A certificate subject as Java's X500Principal.getName() writes it (RFC 2253), which is what Kafka puts after
/// <c>User:</c> for a TLS client: most specific RDN first, commas without spaces, RFC 2253 keywords, other
/// attributes as dotted OID=#hex.
/// </summary>
internal static class DistinguishedNames
{
    private static readonly Dictionary<string, string> Keywords = new()
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    public static string Rfc2253(X500DistinguishedName name)
    {
        var text = new StringBuilder();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: true))
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            // RelativeDistinguishedName ::= SET OF SEQUENCE { type OID, value ANY }; a multi-valued RDN joins with '+'.
            var set = new AsnReader(rdn.RawData, AsnEncodingRules.DER).ReadSetOf();
            var first = true;
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var encoded = attribute.ReadEncodedValue();
                text.Append(first ? string.Empty : "+");
                first = false;
                if (Keywords.TryGetValue(oid, out var keyword) && TryReadString(encoded) is { } value)
                {
                    text.Append(keyword).Append('=').Append(Escape(value));
                }
                else
                {
                    text.Append(oid).Append("=#").Append(Convert.ToHexStringLower(encoded.Span));
                }
            }
        }

        return text.ToString();
    }

    private static string? TryReadString(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            var tag = reader.PeekTag();
            return tag.TagClass == TagClass.Universal ? reader.ReadCharacterString((UniversalTagNumber)tag.TagValue) : null;
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException)
        {
            return null;
        }
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && c is '#' or ' ')
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
