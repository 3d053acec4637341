"""Cobrança: boleto (código de barras e linha digitável) e Pix copia e cola."""
