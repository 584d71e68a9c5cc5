using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stormline.Model.Generation;

/// <summary>Output settings shared by the generators: indented, and Korean labels written as they are, not \u-escaped.</summary>
internal static class Json
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
