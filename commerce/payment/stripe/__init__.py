"""The Stripe payment provider: card payments on Stripe's hosted Checkout page."""
