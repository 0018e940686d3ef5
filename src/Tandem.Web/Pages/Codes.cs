using System.Text.Json;
using Tandem.Core.Requests;

namespace Tandem.Web.Pages;

/// <summary>The snake_case codes of enums, as the API writes them and as resource keys use them.</summary>
public static class Codes
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T? Parse<T>(string? code)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Of(v!.Value) == code);

    public static IReadOnlyList<Modality> Modalities { get; } = Enum.GetValues<Modality>();
}
