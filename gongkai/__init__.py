"""gongkai (公开): government information disclosure under the 2019 《政府信息公开条例》."""
