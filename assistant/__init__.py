"""Trợ lý Chỉ thị 38: grounded, cited answers over Directive 38-CT/TW and the documents implementing it."""
