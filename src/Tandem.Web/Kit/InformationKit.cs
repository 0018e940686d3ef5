using System.Globalization;
using Microsoft.Extensions.Localization;
using QRCoder;
using SkiaSharp;

namespace Tandem.Web.Kit;

public enum KitDocument
{
    Poster,
    Flyer,
}

/// <summary>
/// The information kit of an organisation (seed 003: workers informed): a poster (A4) and a flyer
/// (A5) as PDF, in French or English, with the enrolment code, a QR code to the request form with
/// the code filled in, what the service is, the charter in short, what the employer sees and
/// never sees, and the emergency numbers. Drawn with SkiaSharp; nothing is fetched from elsewhere.
/// </summary>
public static class InformationKit
{
    public static string RequestLink(string baseUrl, string code) => $"{baseUrl.TrimEnd('/')}/demande?code={Uri.EscapeDataString(code)}";

    public static byte[] Render(KitDocument document, string organisation, string code, string baseUrl, IStringLocalizer l)
    {
        var (width, height, scale) = document == KitDocument.Poster ? (595f, 842f, 1f) : (420f, 595f, 0.72f);
        var link = RequestLink(baseUrl, code);
        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = l["Kit.Title"], Creator = "Tandem" }))
        {
            var canvas = pdf.BeginPage(width, height);
            var margin = 40f * scale;
            var y = margin;
            using var typeface = SKTypeface.FromFamilyName(null) ?? SKTypeface.Default;
            using var bold = SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? typeface;
            using var ink = new SKPaint { Color = new SKColor(0x1d, 0x29, 0x39), IsAntialias = true };
            using var accent = new SKPaint { Color = new SKColor(0x0b, 0x5c, 0xad), IsAntialias = true };

            y = Paragraph(canvas, l["Kit.Title"], bold, 26 * scale, accent, margin, y, width - (2 * margin));
            y = Paragraph(canvas, l["Kit.What"], typeface, 13 * scale, ink, margin, y + (8 * scale), width - (2 * margin));
            y = Paragraph(canvas, organisation, bold, 14 * scale, ink, margin, y + (10 * scale), width - (2 * margin));

            // The QR code and the code itself, side by side.
            var qrSize = 150f * scale;
            using (var generator = new QRCodeGenerator())
            using (var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M))
            {
                var png = new PngByteQRCode(data).GetGraphic(10);
                using var image = SKImage.FromEncodedData(png);
                canvas.DrawImage(image, SKRect.Create(margin, y + (12 * scale), qrSize, qrSize));
            }

            var right = margin + qrSize + (20 * scale);
            var codeTop = y + (30 * scale);
            var afterCode = Paragraph(canvas, l["Kit.YourCode"], typeface, 12 * scale, ink, right, codeTop, width - right - margin);
            afterCode = Paragraph(canvas, code, bold, 24 * scale, accent, right, afterCode + (4 * scale), width - right - margin);
            Paragraph(canvas, l["Kit.ScanOr"], typeface, 10 * scale, ink, right, afterCode + (6 * scale), width - right - margin);
            y += qrSize + (24 * scale);
            y = Paragraph(canvas, link, typeface, 10 * scale, accent, margin, y, width - (2 * margin));

            y = Paragraph(canvas, l["Kit.PromiseHeading"], bold, 14 * scale, ink, margin, y + (14 * scale), width - (2 * margin));
            foreach (var key in new[] { "Kit.Promise1", "Kit.Promise2", "Kit.Promise3", "Kit.Promise4" })
            {
                y = Paragraph(canvas, "• " + l[key], typeface, 11 * scale, ink, margin, y + (4 * scale), width - (2 * margin));
            }

            y = Paragraph(canvas, l["Kit.EmployerHeading"], bold, 14 * scale, ink, margin, y + (14 * scale), width - (2 * margin));
            y = Paragraph(canvas, l["Kit.Employer"], typeface, 11 * scale, ink, margin, y + (4 * scale), width - (2 * margin));

            y = Paragraph(canvas, l["Kit.EmergencyHeading"], bold, 14 * scale, ink, margin, y + (14 * scale), width - (2 * margin));
            Paragraph(canvas, l["Kit.Emergency"], typeface, 11 * scale, ink, margin, y + (4 * scale), width - (2 * margin));
            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }

    /// <summary>Draws wrapped text from the top at <paramref name="y"/>; returns the y below it.</summary>
    internal static float Paragraph(SKCanvas canvas, string text, SKTypeface typeface, float size, SKPaint paint, float x, float y, float width)
    {
        using var font = new SKFont(typeface, size);
        var lineHeight = size * 1.3f;
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && font.MeasureText(candidate) > width)
            {
                y += lineHeight;
                canvas.DrawText(line, x, y, SKTextAlign.Left, font, paint);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            y += lineHeight;
            canvas.DrawText(line, x, y, SKTextAlign.Left, font, paint);
        }

        return y + (size * 0.3f);
    }

    public static CultureInfo Culture(string? lang) => new(lang == "en" ? "en" : "fr");
}
