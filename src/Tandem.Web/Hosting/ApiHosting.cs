using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Tandem.Web.Hosting;

internal static class ApiHosting
{
    public static WebApplicationBuilder AddTandemApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // No trace of the server's insides in an answer.
            context.ProblemDetails.Extensions.Remove("exception");
        });
        builder.Services.AddExceptionHandler<BadInputExceptionHandler>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Tandem API";
            document.Info.Description = "Anonymous requests, booking, case records and indicators of a workplace listening service.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new NulRefusingStringConverter());
    }

    /// <summary>
    /// A NUL character is never text a person typed, and PostgreSQL refuses it in any string, stored
    /// or compared: a JSON string holding one is unreadable input (400 naming the field), not a 500.
    /// </summary>
    private sealed class NulRefusingStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value is not null && value.Contains('\0', StringComparison.Ordinal) ? throw new JsonException("NUL character in a string") : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Broken JSON, a wrong content type or an oversized body is the caller's mistake: 400, never 500.</summary>
    private sealed class BadInputExceptionHandler(IProblemDetailsService problems, IStringLocalizer<SharedResource> localizer) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            // Name the field when the JSON reader says which one it could not read ("$.modality").
            var field = bad.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..].Split('.', '[')[0]
                : "body";
            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails =
                {
                    Status = bad.StatusCode,
                    Title = localizer["Error.BadRequestTitle"],
                    Detail = localizer["Error.BadRequestBody"],
                    Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [localizer[field == "body" ? "Error.BadRequestBody" : "Error.BadRequestField"]] } },
                },
            });
        }
    }
}
