"""A customer at a glance: plan, open invoices, last payments and recent tickets."""
