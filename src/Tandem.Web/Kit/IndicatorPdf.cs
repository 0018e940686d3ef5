using Microsoft.Extensions.Localization;
using SkiaSharp;
using Tandem.Web.Api;

namespace Tandem.Web.Kit;

/// <summary>The indicators of a period as a PDF (A4, as many pages as needed): caveats first, then every table with its numbers.</summary>
public static class IndicatorPdf
{
    private const float Width = 595f;
    private const float Height = 842f;
    private const float Margin = 48f;

    public static byte[] Render(IndicatorsResponse report, string organisation, IStringLocalizer l)
    {
        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = $"{l["Indicators.Title"]} {organisation} {report.Period}", Creator = "Tandem" }))
        {
            using var typeface = SKTypeface.FromFamilyName(null) ?? SKTypeface.Default;
            using var bold = SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? typeface;
            using var ink = new SKPaint { Color = new SKColor(0x1d, 0x29, 0x39), IsAntialias = true };
            using var font = new SKFont(typeface, 10);
            var canvas = pdf.BeginPage(Width, Height);
            var y = Margin;
            var text = Width - (2 * Margin);

            void Ensure(float room)
            {
                if (y + room > Height - Margin)
                {
                    pdf.EndPage();
                    canvas = pdf.BeginPage(Width, Height);
                    y = Margin;
                }
            }

            y = InformationKit.Paragraph(canvas, $"{l["Indicators.Title"]} — {organisation} — {report.Period}", bold, 18, ink, Margin, y, text);
            y = InformationKit.Paragraph(canvas, l["Indicators.CaveatsHeading"], bold, 12, ink, Margin, y + 8, text);
            foreach (var caveat in report.Caveats)
            {
                y = InformationKit.Paragraph(canvas, "• " + caveat, typeface, 10, ink, Margin, y + 2, text);
            }

            y = InformationKit.Paragraph(canvas, l["Indicators.Rule", report.MinimumCell], typeface, 10, ink, Margin, y + 4, text);
            if (report.Withheld)
            {
                InformationKit.Paragraph(canvas, l["Indicators.Withheld", report.MinimumCell], bold, 11, ink, Margin, y + 10, text);
            }

            foreach (var table in report.Tables)
            {
                Ensure(60 + (table.Rows.Count * 15));
                y = InformationKit.Paragraph(canvas, $"{l["Indicators.Measure." + table.Measure]} · {l["Indicators.By." + table.Dimension]}", bold, 12, ink, Margin, y + 12, text);
                foreach (var (label, value) in table.Rows.Select(r => (r.Label, r.Suppressed ? l["Indicators.Suppressed"].Value : r.Count?.ToString(System.Globalization.CultureInfo.CurrentCulture) ?? string.Empty))
                    .Append((l["Indicators.Total"].Value, table.Total?.ToString(System.Globalization.CultureInfo.CurrentCulture) ?? l["Indicators.Suppressed"].Value)))
                {
                    Ensure(15);
                    y += 14;
                    canvas.DrawText(label, Margin, y, SKTextAlign.Left, font, ink);
                    canvas.DrawText(value, Width - Margin, y, SKTextAlign.Right, font, ink);
                }
            }

            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }
}
