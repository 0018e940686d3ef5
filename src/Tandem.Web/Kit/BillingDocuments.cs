using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using SkiaSharp;
using Tandem.Core.Programmes;
using Tandem.Web.Pages;

namespace Tandem.Web.Kit;

/// <summary>
/// Quotes and invoices of team programmes, as PDF (SkiaSharp) and CSV, in French: the mentions a
/// French invoice must carry (number, dates, seller and buyer, SIRET, VAT, due date, late penalties,
/// the fixed recovery indemnity), and lines that name a programme and a date, never a person.
/// </summary>
public static class BillingDocuments
{
    private const float Width = 595f;
    private const float Height = 842f;
    private const float Margin = 48f;

    private sealed record Line(string Description, decimal Hours, decimal UnitPrice, decimal Amount);

    private sealed record Document(string Title, string FileTitle, IReadOnlyList<string> Heading, SellerView Seller, string Buyer, string? BuyerAddress, IReadOnlyList<Line> Lines, Totals Totals, IReadOnlyList<string> Mentions);

    public static byte[] QuotePdf(QuoteView quote, IStringLocalizer l) => Pdf(Quote(quote, l), l);

    public static byte[] InvoicePdf(InvoiceView invoice, IStringLocalizer l) => Pdf(Invoice(invoice, l), l);

    public static string InvoiceCsv(InvoiceView invoice, IStringLocalizer l) => Csv(Invoice(invoice, l), invoice.Number);

    public static string QuoteCsv(QuoteView quote, IStringLocalizer l) => Csv(Quote(quote, l), quote.Number);

    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture) + " €";

    private static Document Quote(QuoteView q, IStringLocalizer l) => new(
        l["Billing.QuoteTitle", q.Number],
        q.Number,
        [
            l["Billing.IssuedOn", Display.Date(q.IssuedOn)],
            l["Billing.ValidUntil", Display.Date(q.ValidUntil)],
            l["Billing.QuotePeriod", Display.Date(q.StartDate), Display.Date(q.EndDate), q.Months],
        ],
        q.Seller, q.Buyer, q.BuyerAddress,
        [new Line(l["Billing.QuoteLine", l["Programme.Type." + Codes.Of(q.Type)], q.Sessions, q.SessionsPerMonth, q.SessionMinutes], q.Hours, q.HourlyRate, q.Totals.ExcludingVat)],
        q.Totals,
        [.. Vat(q.Seller, q.Totals, l), l["Billing.QuoteAcceptance"]]);

    private static Document Invoice(InvoiceView i, IStringLocalizer l) => new(
        l["Billing.InvoiceTitle", i.Number],
        i.Number,
        [
            l["Billing.IssuedOn", Display.Date(i.IssuedOn)],
            l["Billing.Month", i.Month],
            l["Billing.DueOn", Display.Date(i.DueOn), i.Seller.PaymentDays],
        ],
        i.Seller, i.Buyer, i.BuyerAddress,
        i.Lines.Select(x => new Line(l["Billing.SessionLine", l["Programme.Type." + Codes.Of(x.Type)], Display.Date(x.SessionStart)], x.Hours, x.UnitPrice, x.Amount)).ToList(),
        i.Totals,
        [.. Vat(i.Seller, i.Totals, l), l["Billing.LatePenalty", i.Seller.LatePenalty], l["Billing.RecoveryIndemnity"], l["Billing.NoDiscount"], l["Billing.NotPerPerson"]]);

    private static IEnumerable<string> Vat(SellerView seller, Totals totals, IStringLocalizer l) =>
        totals.VatRate == 0 ? [l["Billing.NoVat"]] : seller.VatNumber is { Length: > 0 } number ? [l["Billing.VatNumber", number]] : [];

    private static byte[] Pdf(Document d, IStringLocalizer l)
    {
        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = d.Title, Creator = "Tandem" }))
        {
            using var typeface = SKTypeface.FromFamilyName(null) ?? SKTypeface.Default;
            using var bold = SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? typeface;
            using var ink = new SKPaint { Color = new SKColor(0x1d, 0x29, 0x39), IsAntialias = true };
            using var font = new SKFont(typeface, 10);
            using var strong = new SKFont(bold, 10);
            var canvas = pdf.BeginPage(Width, Height);
            var text = Width - (2 * Margin);
            var half = (text / 2) - 12;
            var y = InformationKit.Paragraph(canvas, d.Title, bold, 18, ink, Margin, Margin, text);

            // Seller on the left, buyer on the right.
            var top = y + 8;
            var left = Block(canvas, [d.Seller.Name, .. Lines(d.Seller.Address), l["Billing.Siret", d.Seller.Siret]], l["Billing.Seller"], typeface, bold, ink, Margin, top, half);
            var right = Block(canvas, [d.Buyer, .. Lines(d.BuyerAddress)], l["Billing.Buyer"], typeface, bold, ink, Margin + half + 24, top, half);
            y = Math.Max(left, right) + 8;
            foreach (var line in d.Heading)
            {
                y = InformationKit.Paragraph(canvas, line, typeface, 10, ink, Margin, y, text);
            }

            // The lines: designation, hours, unit price excluding VAT, amount excluding VAT.
            y += 16;
            float[] columns = [Margin, Width - Margin - 190, Width - Margin - 100, Width - Margin];
            canvas.DrawText(l["Billing.Designation"], columns[0], y, SKTextAlign.Left, strong, ink);
            canvas.DrawText(l["Billing.Hours"], columns[1], y, SKTextAlign.Right, strong, ink);
            canvas.DrawText(l["Billing.UnitPrice"], columns[2], y, SKTextAlign.Right, strong, ink);
            canvas.DrawText(l["Billing.Amount"], columns[3], y, SKTextAlign.Right, strong, ink);
            foreach (var line in d.Lines)
            {
                if (y + 60 > Height - Margin)
                {
                    pdf.EndPage();
                    canvas = pdf.BeginPage(Width, Height);
                    y = Margin;
                }

                var bottom = InformationKit.Paragraph(canvas, line.Description, typeface, 10, ink, columns[0], y + 2, columns[1] - columns[0] - 60);
                canvas.DrawText(line.Hours.ToString("N2", CultureInfo.CurrentCulture), columns[1], y + 15, SKTextAlign.Right, font, ink);
                canvas.DrawText(Money(line.UnitPrice), columns[2], y + 15, SKTextAlign.Right, font, ink);
                canvas.DrawText(Money(line.Amount), columns[3], y + 15, SKTextAlign.Right, font, ink);
                y = Math.Max(bottom, y + 18);
            }

            if (y + 200 > Height - Margin)
            {
                pdf.EndPage();
                canvas = pdf.BeginPage(Width, Height);
                y = Margin;
            }

            y += 12;
            foreach (var (label, amount, f) in new[]
            {
                (l["Billing.TotalExcludingVat"].Value, d.Totals.ExcludingVat, font),
                (l["Billing.VatAt", d.Totals.VatRate.ToString("0.##", CultureInfo.CurrentCulture)].Value, d.Totals.Vat, font),
                (l["Billing.TotalIncludingVat"].Value, d.Totals.IncludingVat, strong),
            })
            {
                y += 15;
                canvas.DrawText(label, columns[2] - 20, y, SKTextAlign.Right, f, ink);
                canvas.DrawText(Money(amount), columns[3], y, SKTextAlign.Right, f, ink);
            }

            y += 16;
            foreach (var mention in d.Mentions)
            {
                y = InformationKit.Paragraph(canvas, mention, typeface, 9, ink, Margin, y + 2, text);
            }

            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }

    private static float Block(SKCanvas canvas, IEnumerable<string> lines, string heading, SKTypeface typeface, SKTypeface bold, SKPaint ink, float x, float y, float width)
    {
        y = InformationKit.Paragraph(canvas, heading, bold, 10, ink, x, y, width);
        foreach (var line in lines)
        {
            y = InformationKit.Paragraph(canvas, line, typeface, 10, ink, x, y, width);
        }

        return y;
    }

    private static string[] Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Csv(Document d, string number)
    {
        static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', "number", "designation", "hours", "unit_price_excl_vat", "amount_excl_vat"));
        foreach (var line in d.Lines)
        {
            csv.AppendLine(string.Join(';', number, Quote(line.Description), Number(line.Hours), Number(line.UnitPrice), Number(line.Amount)));
        }

        csv.AppendLine(string.Join(';', number, Quote("total_excl_vat"), string.Empty, string.Empty, Number(d.Totals.ExcludingVat)));
        csv.AppendLine(string.Join(';', number, Quote("vat " + d.Totals.VatRate.ToString("0.##", CultureInfo.InvariantCulture) + "%"), string.Empty, string.Empty, Number(d.Totals.Vat)));
        csv.AppendLine(string.Join(';', number, Quote("total_incl_vat"), string.Empty, string.Empty, Number(d.Totals.IncludingVat)));
        return csv.ToString();
    }
}
