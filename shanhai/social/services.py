from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import CareCentre, CharityDisbursement, CharityFund, CharityReceipt, Donation, Scholarship

donation_create = partial(record_create, model=Donation)
donation_update = record_update
donation_delete = record_delete

# A fund with sub-funds, receipts or disbursements is still referenced (PROTECT): the delete is
# refused and the referencing records are named.
charity_fund_create = partial(record_create, model=CharityFund)
charity_fund_update = record_update
charity_fund_delete = record_delete

charity_receipt_create = partial(record_create, model=CharityReceipt)
charity_receipt_update = record_update
charity_receipt_delete = record_delete

charity_disbursement_create = partial(record_create, model=CharityDisbursement)
charity_disbursement_update = record_update
charity_disbursement_delete = record_delete

scholarship_create = partial(record_create, model=Scholarship)
scholarship_update = record_update
scholarship_delete = record_delete

care_centre_create = partial(record_create, model=CareCentre)
care_centre_update = record_update
care_centre_delete = record_delete
