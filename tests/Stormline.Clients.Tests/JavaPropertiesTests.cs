using Stormline.Clients;

namespace Stormline.Clients.Tests;

/// <summary>The Java properties format as <c>java.util.Properties.load</c> reads it, on the shapes client.properties files take.</summary>
public sealed class JavaPropertiesTests
{
    private static Dictionary<string, string> Parse(string text) => JavaProperties.Parse(text).ToDictionary(e => e.Key, e => e.Value);

    [Fact]
    public void Comments_and_blank_lines_are_skipped_and_every_separator_is_understood()
    {
        var entries = Parse("""
            # Confluent Cloud client settings
            ! an old-style comment
               
            bootstrap.servers=pkc-1234.europe-west1.gcp.confluent.cloud:9092
            security.protocol : SASL_SSL
            sasl.mechanism PLAIN
              sasl.username=  KEY123
            empty.value=
            """);

        Assert.Equal(5, entries.Count);
        Assert.Equal("pkc-1234.europe-west1.gcp.confluent.cloud:9092", entries["bootstrap.servers"]);
        Assert.Equal("SASL_SSL", entries["security.protocol"]);
        Assert.Equal("PLAIN", entries["sasl.mechanism"]);
        Assert.Equal("KEY123", entries["sasl.username"]);
        Assert.Equal("", entries["empty.value"]);
    }

    [Fact]
    public void Only_the_first_separator_splits_so_values_keep_their_own_equals_and_colons()
    {
        var entries = Parse("basic.auth.user.info=SR-KEY:se=cret:42\nschema.registry.url: https://psrc-1.confluent.cloud\n");

        Assert.Equal("SR-KEY:se=cret:42", entries["basic.auth.user.info"]);
        Assert.Equal("https://psrc-1.confluent.cloud", entries["schema.registry.url"]);
    }

    [Fact]
    public void Escapes_are_decoded_in_keys_and_values()
    {
        var entries = Parse("""
            key\=with\:separators\ inside=v
            sasl.password=p\#ss\\word\tend
            greeting=caf\u00e9
            trailing.space=x\ 
            """);

        Assert.Equal("v", entries["key=with:separators inside"]);
        Assert.Equal("p#ss\\word\tend", entries["sasl.password"]);
        Assert.Equal("café", entries["greeting"]);
        Assert.Equal("x ", entries["trailing.space"]);
    }

    [Fact]
    public void A_final_backslash_continues_the_line_and_the_next_indent_is_dropped()
    {
        var entries = Parse("ssl.cipher.suites=ECDHE-RSA-AES256-GCM-SHA384,\\\n    ECDHE-RSA-AES128-GCM-SHA256\nnext=1\nliteral.backslash=C:\\\\\nafter=2");

        Assert.Equal("ECDHE-RSA-AES256-GCM-SHA384,ECDHE-RSA-AES128-GCM-SHA256", entries["ssl.cipher.suites"]);
        Assert.Equal("1", entries["next"]);
        Assert.Equal("C:\\", entries["literal.backslash"]); // an even number of backslashes ends the line
        Assert.Equal("2", entries["after"]);
    }

    [Fact]
    public void Windows_line_endings_read_the_same_and_a_repeated_key_keeps_its_last_value_in_properties()
    {
        var entries = JavaProperties.Parse("a=1\r\nb=2\r\na=3\r\n");

        Assert.Equal(["a", "b", "a"], entries.Select(e => e.Key));
        Assert.Equal("3", new ClientProperties().SetAll(entries).Values["a"]);
    }

    [Fact]
    public void A_malformed_unicode_escape_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => JavaProperties.Parse("ok=1\n# comment\nbad=\\u12G4\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("\\uXXXX", error.Message, StringComparison.Ordinal);
    }
}
