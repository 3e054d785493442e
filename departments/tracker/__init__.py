"""The follow-up tracker across consultations: selectors, filter form, page and XLSX export."""
