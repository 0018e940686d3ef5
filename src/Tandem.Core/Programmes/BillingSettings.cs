namespace Tandem.Core.Programmes;

/// <summary>
/// The service's own identity and prices for team programmes (section <c>Tandem:Billing</c>):
/// what a French invoice must say of the seller, the VAT rate, the payment terms, and the hourly
/// rate range of seed 004.
/// </summary>
public sealed class BillingSettings
{
    public string SellerName { get; set; } = "Tandem — service d'écoute et de soutien";

    public string SellerAddress { get; set; } = "Adresse à configurer (Tandem:Billing:SellerAddress)";

    public string Siret { get; set; } = "000 000 000 00000";

    /// <summary>Intra-community VAT number; empty when VAT does not apply.</summary>
    public string? VatNumber { get; set; }

    /// <summary>Percent; 0 means VAT does not apply (article 293 B of the CGI is then cited).</summary>
    public decimal VatRate { get; set; } = 20m;

    public decimal MinHourlyRate { get; set; } = 100m;

    public decimal MaxHourlyRate { get; set; } = 150m;

    public int PaymentDays { get; set; } = 30;

    /// <summary>The late-payment penalty as the invoice states it.</summary>
    public string LatePenalty { get; set; } = "3 fois le taux d'intérêt légal";

    public int QuoteValidityDays { get; set; } = 30;
}
